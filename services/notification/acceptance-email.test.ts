// The one-operation SES v2 client (packages/aws/src/clients/ses-email.ts), under the generated client's names.
import { SesEmailClient as SESv2Client, SesSendEmailCommand as SendEmailCommand } from '@wuhan/aws';
import type { DomainEvent, LifecycleCommand } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderEventMail, viewFor } from './compose.js';
import { type NotifyDeps, notify } from './notify.js';
import { sampleEvents, samplePeople, sampleProject } from './samples.js';
import { sesMailer } from './ses-mailer.js';
import { memoryClaimStore, memoryDigestStore, memoryDirectory, memoryPreferences } from './testing.js';

/**
 * A platform's acceptance is one fact: the project is matched to that platform. services/matching writes two
 * events for it (match.accepted, and the move's project.status_changed with command `match_accepted`); the
 * commissioner gets one email saying both, staff still hear the status change, and every other move still
 * reaches the commissioner.
 */
const ses = mockClient(SESv2Client);
const commissioner = 'zhang.wei@elh.example';
const staffAddresses = ['li.min@whcenter.example', 'wang.lei@whcenter.example', 'anna.berg@whcenter.example'];

function deps(): NotifyDeps {
  return {
    directory: memoryDirectory(samplePeople, [sampleProject]),
    claims: memoryClaimStore().store,
    preferences: memoryPreferences(),
    digest: memoryDigestStore().store,
    mailer: sesMailer(new SESv2Client({ region: 'ap-southeast-1' })),
    mailFrom: 'noreply@whcenter.example',
    apiBaseUrl: 'https://api.example',
    countUnknownEvent: () => undefined,
    busyRetryDelaysMs: [],
  };
}

/** The status event of a move by `command`, as moveProjectAsRead writes it. */
function statusChanged(
  command: LifecycleCommand | undefined,
  from: 'qualified' | 'under_review' | 'matched',
  to: 'matched' | 'qualified' | 'incubating',
): DomainEvent<'project.status_changed'> {
  const sample = sampleEvents['project.status_changed'];
  return {
    ...sample,
    id: `evt_status_${command ?? 'none'}`,
    data: { ...sample.data, from, to, ...(command ? { command } : {}) },
  };
}

/** Subjects of the emails SES was asked to send, by address. */
function sentTo(): Map<string, string[]> {
  const byAddress = new Map<string, string[]>();
  for (const call of ses.commandCalls(SendEmailCommand)) {
    const subject = call.args[0].input.Content?.Simple?.Subject?.Data ?? '';
    for (const address of call.args[0].input.Destination?.ToAddresses ?? []) {
      byAddress.set(address, [...(byAddress.get(address) ?? []), subject]);
    }
  }
  return byAddress;
}

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg' });
});

describe("a platform's acceptance emails the commissioner once", () => {
  it('sends the commissioner one email naming the platform and the new status; staff hear the status change', async () => {
    // Prepare: the two events of an acceptance that moved the project (services/matching/answer.ts).
    const accepted = sampleEvents['match.accepted'];
    const moved = statusChanged('match_accepted', 'qualified', 'matched');
    const run = deps();
    // Act
    await notify(accepted, run);
    await notify(moved, run);
    // Assess
    const sent = sentTo();
    const toCommissioner = sent.get(commissioner) ?? [];
    expect(toCommissioner).toHaveLength(1);
    expect(toCommissioner[0]).toContain(accepted.data.platformId);
    expect(toCommissioner[0]).toContain('已匹配');
    for (const address of staffAddresses) expect(sent.get(address), address).toHaveLength(1);
  });

  it.each([
    ['evaluation_outcome', 'under_review', 'qualified'],
    ['milestone', 'matched', 'incubating'],
    ['staff_override', 'matched', 'qualified'],
    [undefined, 'qualified', 'matched'],
  ] as const)('still emails the commissioner a move by %s', async (command, from, to) => {
    // A status event written before moves named their command is emailed as before, too.
    await notify(statusChanged(command, from, to), deps());
    expect(sentTo().get(commissioner)).toHaveLength(1);
  });

  it("sends the commissioner one email for staff's release that moved the project back; staff hear the move", async () => {
    // The two events of a release that left the project without an accepted offer (services/matching/release.ts).
    const released = sampleEvents['match.released'];
    const moved = statusChanged('match_released', 'matched', 'qualified');
    const run = deps();
    await notify(released, run);
    await notify(moved, run);
    const toCommissioner = sentTo().get(commissioner) ?? [];
    expect(toCommissioner).toHaveLength(1);
    expect(toCommissioner[0]).toContain(released.data.platformId);
    expect(toCommissioner[0]).toContain('项目恢复为评估通过');
    for (const address of staffAddresses) expect(sentTo().get(address), address).toHaveLength(1);
  });

  it('a release that names no move (another accepted offer keeps the project matched) claims neither status', () => {
    const render = (event: DomainEvent, locale: 'zh-CN' | 'en') =>
      renderEventMail('match-answered', viewFor(event, sampleProject, { name: 'x', locale }, 'https://api'));
    const { from: _from, to: _to, ...data } = sampleEvents['match.released'].data;
    const kept = { ...sampleEvents['match.released'], data };
    for (const locale of ['zh-CN', 'en'] as const) {
      const mail = render(kept, locale);
      expect(mail.text).toContain(data.platformId);
      expect(mail.text).not.toMatch(/项目状态|moved from|Project status|恢复为评估通过|qualified again/);
    }
  });

  it('says the move in both languages, and claims none for an acceptance that made none', () => {
    const render = (event: DomainEvent, locale: 'zh-CN' | 'en') =>
      renderEventMail('match-answered', viewFor(event, sampleProject, { name: 'x', locale }, 'https://api'));
    const moved = sampleEvents['match.accepted'];
    expect(render(moved, 'zh-CN').text).toContain('项目状态已由“评估通过”变更为“已匹配”');
    expect(render(moved, 'en').text).toContain('The project moved from “qualified” to “matched”');
    // A growth project's second acceptance: the project was matched already.
    const { from: _from, to: _to, ...data } = moved.data;
    const second = { ...moved, data };
    for (const locale of ['zh-CN', 'en'] as const) {
      const mail = render(second, locale);
      expect(mail.text).toContain(moved.data.platformId);
      expect(mail.subject).not.toMatch(/已匹配|matched/);
      expect(mail.text).not.toMatch(/项目状态|已匹配|moved from|Project status/);
    }
  });
});
