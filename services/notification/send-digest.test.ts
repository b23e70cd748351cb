// The one-operation SES v2 client (packages/aws/src/clients/ses-email.ts), under the generated client's names.
import {
  SesEmailClient as SESv2Client,
  SesSendEmailCommand as SendEmailCommand,
  TooManyRequestsException,
} from '@wuhan/aws';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { type NotifyDeps, notify } from './notify.js';
import { sampleEvents, samplePeople, sampleProject } from './samples.js';
import { type DigestDeps, digestId, sendDigests, shanghaiDate } from './send-digest.js';
import { sesMailer } from './ses-mailer.js';
import { memoryClaimStore, memoryDigestStore, memoryDirectory, memoryPreferences } from './testing.js';

const ses = mockClient(SESv2Client);

function setup() {
  const claims = memoryClaimStore();
  const digest = memoryDigestStore();
  const shared = {
    directory: memoryDirectory(samplePeople, [sampleProject]),
    claims: claims.store,
    digest: digest.store,
    mailer: sesMailer(new SESv2Client({ region: 'ap-southeast-1' })),
    mailFrom: 'noreply@whcenter.example',
    apiBaseUrl: 'https://api.example',
    now: () => new Date('2025-03-19T00:30:00Z'),
  };
  const notifyDeps: NotifyDeps = {
    ...shared,
    preferences: memoryPreferences({
      'stf-li': { 'project.nominated': 'digest', 'project.status_changed': 'digest' },
    }),
    countUnknownEvent: () => undefined,
  };
  const digestDeps: DigestDeps = shared;
  return { notifyDeps, digestDeps, digest };
}

function sentTo(address: string) {
  return ses
    .commandCalls(SendEmailCommand)
    .filter((c) => c.args[0].input.Destination?.ToAddresses?.[0] === address)
    .map((c) => c.args[0].input.Content?.Simple);
}

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'msg' });
});

describe('daily digest', () => {
  it('sends one email listing the events a staff member chose to get daily, then clears them', async () => {
    // Prepare
    const { notifyDeps, digestDeps, digest } = setup();
    await notify(sampleEvents['project.nominated'], notifyDeps);
    await notify(sampleEvents['project.status_changed'], notifyDeps);
    expect(sentTo('li.min@whcenter.example')).toEqual([]);
    ses.resetHistory();
    // Act
    const result = await sendDigests(digestDeps);
    // Assess
    expect(result).toEqual({ sent: 1, staffWithEntries: 1 });
    const [mail, ...others] = sentTo('li.min@whcenter.example');
    expect(others).toEqual([]);
    expect(mail?.Subject?.Data).toBe('【颠覆性技术】每日汇总（2025-03-19）：2 条项目动态');
    expect(mail?.Body?.Text?.Data).toContain(`新项目推荐：${sampleProject.title}`);
    expect(mail?.Body?.Text?.Data).toContain(`项目状态更新为“评估中”：${sampleProject.title}`);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(digest.entries.size).toBe(0);
  });

  it('sends nothing on a second run, and nothing to staff without entries', async () => {
    const { notifyDeps, digestDeps } = setup();
    await notify(sampleEvents['project.nominated'], notifyDeps);
    await sendDigests(digestDeps);
    ses.resetHistory();
    expect(await sendDigests(digestDeps)).toEqual({ sent: 0, staffWithEntries: 0 });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('keeps the entries and fails the run when SES throttles, and sends them once on the retry', async () => {
    const { notifyDeps, digestDeps, digest } = setup();
    await notify(sampleEvents['project.nominated'], notifyDeps);
    ses.reset();
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'slow down', $metadata: {} }))
      .resolves({ MessageId: 'msg' });
    await expect(sendDigests(digestDeps)).rejects.toThrow('1 digests not sent');
    expect(digest.entries.size).toBe(1);
    await sendDigests(digestDeps);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
    expect(digest.entries.size).toBe(0);
  });

  it('does not list an event again when it is redelivered after the digest went out', async () => {
    const { notifyDeps, digestDeps } = setup();
    await notify(sampleEvents['project.nominated'], notifyDeps);
    await sendDigests(digestDeps);
    await notify(sampleEvents['project.nominated'], notifyDeps);
    expect(await sendDigests(digestDeps)).toEqual({ sent: 0, staffWithEntries: 0 });
  });

  it('names a digest by exactly the entries it lists', () => {
    expect(digestId('stf-li', [{ sk: 'a' }, { sk: 'b' }])).toBe(
      digestId('stf-li', [{ sk: 'b' }, { sk: 'a' }]),
    );
    expect(digestId('stf-li', [{ sk: 'a' }])).not.toBe(digestId('stf-li', [{ sk: 'a' }, { sk: 'b' }]));
  });

  it('dates the digest in Asia/Shanghai', () => {
    expect(shanghaiDate(new Date('2025-03-18T16:30:00Z'))).toBe('2025-03-19');
  });
});
