// The one-operation SES v2 client (packages/aws/src/clients/ses-email.ts), under the generated client's names.
import {
  MessageRejected,
  SesEmailClient as SESv2Client,
  SesSendEmailCommand as SendEmailCommand,
  TooManyRequestsException,
} from '@wuhan/aws';
import type { DomainEvent, Profile } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LEASE_MS } from './claim-store.js';
import { DeliveryIncompleteError, type NotifyDeps, notify } from './notify.js';
import { sampleEvents, samplePeople, sampleProject } from './samples.js';
import { sesMailer } from './ses-mailer.js';
import { memoryClaimStore, memoryDigestStore, memoryDirectory, memoryPreferences } from './testing.js';

const ses = mockClient(SESv2Client);
const staffAddresses = ['li.min@whcenter.example', 'wang.lei@whcenter.example', 'anna.berg@whcenter.example'];
const nominated = sampleEvents['project.nominated'];
/** project.nominated goes to every staff member, the nominating partner and the commissioner it names. */
const nominatedRecipients = [...staffAddresses, 'kfy@hust.example', 'zhang.wei@elh.example'];

function setup(
  options: { people?: Profile[]; modes?: Record<string, Record<string, 'immediate' | 'digest'>> } = {},
) {
  const claims = memoryClaimStore();
  const digest = memoryDigestStore();
  const countUnknownEvent = vi.fn();
  const deps: NotifyDeps = {
    directory: memoryDirectory(options.people ?? samplePeople, [sampleProject]),
    claims: claims.store,
    preferences: memoryPreferences(options.modes),
    digest: digest.store,
    mailer: sesMailer(new SESv2Client({ region: 'ap-southeast-1' })),
    mailFrom: 'noreply@whcenter.example',
    apiBaseUrl: 'https://api.example',
    countUnknownEvent,
    // No patience: a duplicate that finds a live claim fails at once, as it does after the pauses run out.
    busyRetryDelaysMs: [],
  };
  return { deps, claims, digest, countUnknownEvent };
}

/** Recipients of the SendEmail calls SES accepted (the mock answered, not threw), in call order. */
function acceptedRecipients(accepted: SendEmailCommand[]): string[] {
  return accepted.flatMap((command) => command.input.Destination?.ToAddresses ?? []);
}

/** SES answering after a short pause, so concurrent deliveries really overlap. */
function slowSes(
  accepted: SendEmailCommand[],
  fail?: (call: number, command: SendEmailCommand) => Error | undefined,
) {
  let calls = 0;
  ses.on(SendEmailCommand).callsFake(async (input) => {
    const call = ++calls;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const command = new SendEmailCommand(input);
    const error = fail?.(call, command);
    if (error) throw error;
    accepted.push(command);
    return { MessageId: `msg-${call}` };
  });
}

/** Runs a message the way SQS does: a failed attempt is delivered again, until it succeeds (bounded). */
async function deliverUntilDone(event: DomainEvent, deps: NotifyDeps, maxReceives = 10): Promise<number> {
  for (let receive = 1; receive <= maxReceives; receive++) {
    try {
      await notify(event, deps);
      return receive;
    } catch {
      // the record failed: SQS makes it visible again
    }
  }
  throw new Error(`${event.type} still failing after ${maxReceives} receives`);
}

beforeEach(() => ses.reset());

describe('notify', () => {
  it('emails every recipient once, in their language, with the event id in a header', async () => {
    // Prepare
    const { deps } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    // Act
    await notify(nominated, deps);
    // Assess
    expect(acceptedRecipients(accepted).sort()).toEqual([...nominatedRecipients].sort());
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'noreply@whcenter.example',
      Destination: { ToAddresses: ['li.min@whcenter.example'] },
      Content: expect.objectContaining({
        Simple: expect.objectContaining({
          Subject: { Data: `【颠覆性技术】新项目推荐：${sampleProject.title}`, Charset: 'UTF-8' },
          Headers: expect.arrayContaining([{ Name: 'X-Event-Id', Value: nominated.id }]),
        }),
      }),
    });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      Destination: { ToAddresses: ['anna.berg@whcenter.example'] },
      Content: expect.objectContaining({
        Simple: expect.objectContaining({
          Subject: {
            Data: `[Disruptive Tech] New project nominated: ${sampleProject.title}`,
            Charset: 'UTF-8',
          },
        }),
      }),
    });
  });

  it('sends one email per recipient when the event is delivered three times at once, and again later', async () => {
    // Prepare
    const { deps, claims } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    // Act: three concurrent deliveries; the two that find a live claim fail (SQS redelivers them) …
    const first = await Promise.allSettled([
      notify(nominated, deps),
      notify(nominated, deps),
      notify(nominated, deps),
    ]);
    // … and their redeliveries find every email sent.
    await notify(nominated, deps);
    await notify(nominated, deps);
    // Assess
    expect(first.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const failed of first.filter((r) => r.status === 'rejected')) {
      expect(failed.reason).toBeInstanceOf(DeliveryIncompleteError);
    }
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, nominatedRecipients.length);
    expect(acceptedRecipients(accepted).sort()).toEqual([...nominatedRecipients].sort());
    expect([...claims.claims.values()].every((c) => c.state === 'sent')).toBe(true);
  });

  it("claims an event's emails in one write and records them in one more, whatever the number of recipients", async () => {
    const { deps, claims } = setup();
    slowSes([]);
    await notify(nominated, deps);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, nominatedRecipients.length);
    // Was two per email (claim, mark sent): ten for these five.
    expect(claims.counts.writes).toBe(2);
  });

  it('tries the one write of the outcomes again when it fails, so a retry after the lease sends nothing twice', async () => {
    const { deps, claims } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    let settleFailures = 2;
    const flaky = {
      ...claims.store,
      async settle(...args: Parameters<typeof claims.store.settle>) {
        if (settleFailures-- > 0)
          throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        return claims.store.settle(...args);
      },
    };
    const sentAt = new Date('2025-03-18T06:30:00Z');
    await notify(nominated, { ...deps, claims: flaky, settleRetryDelaysMs: [1, 1], now: () => sentAt });
    // A redelivery long after the lease: every email is recorded sent, nothing goes out again.
    const later = new Date(sentAt.getTime() + 10 * LEASE_MS);
    await notify(nominated, { ...deps, now: () => later });
    expect(acceptedRecipients(accepted).sort()).toEqual([...nominatedRecipients].sort());
  });

  it('fails the record when the outcomes cannot be written after its tries', async () => {
    const { deps, claims } = setup();
    slowSes([]);
    const broken = {
      ...claims.store,
      settle: async () => {
        throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      },
    };
    await expect(notify(nominated, { ...deps, claims: broken, settleRetryDelaysMs: [1, 1] })).rejects.toThrow(
      'throttled',
    );
  });

  it('sends the emails of a process that died between claim and send once its lease has run out, and only then', async () => {
    // Prepare: a process claimed every email of the event and died before sending any.
    const { deps, claims } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    const claimedAt = new Date('2025-03-18T06:30:00Z');
    const recipients = [
      'staff#stf-li',
      'staff#stf-wang',
      'staff#stf-anna',
      'partner#ptn-hust',
      'commissioner#com-elh-1',
    ];
    await claims.store.claim(nominated.id, nominated.type, recipients, claimedAt);
    // Act: a redelivery while the lease is live fails (sends nothing); one after it has expired sends.
    const early = { ...deps, now: () => new Date(claimedAt.getTime() + LEASE_MS - 1) };
    await expect(notify(nominated, early)).rejects.toBeInstanceOf(DeliveryIncompleteError);
    expect(accepted).toHaveLength(0);
    const late = { ...deps, now: () => new Date(claimedAt.getTime() + LEASE_MS + 1) };
    await notify(nominated, late);
    await notify(nominated, late);
    // Assess
    expect(acceptedRecipients(accepted).sort()).toEqual([...nominatedRecipients].sort());
  });

  it('never waits for a send rate: a throttled email fails its record at once, the sent ones recorded', async () => {
    const { deps, claims } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted, (_call, command) =>
      command.input.Destination?.ToAddresses?.[0] === 'kfy@hust.example'
        ? new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} })
        : undefined,
    );
    const started = performance.now();
    await expect(notify(nominated, deps)).rejects.toBeInstanceOf(DeliveryIncompleteError);
    // Five concurrent sends of 5 ms each: no pacing sleep in between.
    expect(performance.now() - started).toBeLessThan(200);
    expect(claims.claims.get(`${nominated.id}|partner#ptn-hust`)?.state).toBe('released');
    expect([...claims.claims.values()].filter((c) => c.state === 'sent')).toHaveLength(4);
  });

  it('waits out a table that cannot yet settle the sent emails, so no redelivery sends them again', async () => {
    // Prepare: the emails go out, but the first two attempts to settle their claims fail (a DynamoDB restart).
    const { deps, claims } = setup();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message' });
    let failures = 0;
    const settle = claims.store.settle.bind(claims.store);
    const flaky: NotifyDeps = {
      ...deps,
      settleRetryDelaysMs: [1, 1, 1],
      claims: {
        ...claims.store,
        settle: async (eventId, settlements, now) => {
          if (failures++ < 2) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' });
          return settle(eventId, settlements, now);
        },
      },
    };
    // Act: one delivery, then a redelivery (as if the message came back anyway).
    await notify(nominated, flaky);
    await notify(nominated, flaky);
    // Assess: each email once, each claim sent.
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, nominatedRecipients.length);
    expect([...claims.claims.values()].every((c) => c.state === 'sent')).toBe(true);
  });

  it('lets a concurrent duplicate wait briefly for the holder instead of failing, still sending once', async () => {
    const { deps } = setup();
    const patient = { ...deps, busyRetryDelaysMs: [20, 50, 100] };
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    const results = await Promise.allSettled([1, 2, 3].map(() => notify(nominated, patient)));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, nominatedRecipients.length);
  });

  it('delivers every email exactly once across retries when SES throttles every third send', async () => {
    // Prepare: every routed sample event, some staff in the digest for nothing (all immediate)
    const { deps } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted, (call) =>
      call % 3 === 0
        ? new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} })
        : undefined,
    );
    const events = Object.values(sampleEvents);
    // Act: each message is retried until it succeeds, all messages at once (a batch)
    const receives = await Promise.all(events.map((event) => deliverUntilDone(event, deps)));
    // Assess: every (event, recipient) accepted exactly once
    const byEvent = new Map<string, string[]>();
    for (const command of accepted) {
      const eventId =
        command.input.Content?.Simple?.Headers?.find((h) => h.Name === 'X-Event-Id')?.Value ?? '';
      byEvent.set(eventId, [
        ...(byEvent.get(eventId) ?? []),
        ...(command.input.Destination?.ToAddresses ?? []),
      ]);
    }
    for (const event of events) {
      const recipients = byEvent.get(event.id) ?? [];
      expect(new Set(recipients).size, event.type).toBe(recipients.length);
      expect(recipients.length, event.type).toBeGreaterThan(0);
    }
    expect(byEvent.get(nominated.id)?.sort()).toEqual([...nominatedRecipients].sort());
    const throttled = ses.commandCalls(SendEmailCommand).length - accepted.length;
    expect(throttled).toBeGreaterThan(0);
    expect(receives.some((n) => n > 1)).toBe(true);
  });

  it('records a permanent refusal, tells staff through the outbox and does not retry it', async () => {
    // Prepare
    const { deps, claims } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted, (_call, command) =>
      command.input.Destination?.ToAddresses?.[0] === 'kfy@hust.example'
        ? new MessageRejected({ message: 'Email address is not verified.', $metadata: {} })
        : undefined,
    );
    // Act: the message succeeds (nothing to retry), and a redelivery does not try the partner again
    await notify(nominated, deps);
    await notify(nominated, deps);
    // Assess
    expect(acceptedRecipients(accepted).sort()).toEqual(
      nominatedRecipients.filter((to) => to !== 'kfy@hust.example').sort(),
    );
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, nominatedRecipients.length);
    expect(claims.claims.get(`${nominated.id}|partner#ptn-hust`)).toMatchObject({
      state: 'rejected',
      reason: 'MessageRejected',
    });
    expect(claims.emitted).toHaveLength(1);
    expect(claims.emitted[0]).toMatchObject({
      type: 'notification.failed',
      correlationId: nominated.correlationId,
      subject: nominated.subject,
      data: {
        failedEventId: nominated.id,
        failedEventType: 'project.nominated',
        recipientRole: 'partner',
        recipientId: 'ptn-hust',
        reason: 'MessageRejected',
        projectId: sampleProject.id,
      },
    });
  });

  it('never turns the failure of a notification.failed email into another notification.failed', async () => {
    const { deps, claims } = setup();
    slowSes([], () => new MessageRejected({ message: 'rejected', $metadata: {} }));
    await notify(sampleEvents['notification.failed'], deps);
    expect(claims.emitted).toEqual([]);
    expect([...claims.claims.values()].every((c) => c.state === 'rejected')).toBe(true);
  });

  it('fails the record on a transient error, releasing the claim so the retry sends', async () => {
    const { deps } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted, (call) =>
      call === 1 ? Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }) : undefined,
    );
    await expect(notify(sampleEvents['project.assigned'], deps)).rejects.toBeInstanceOf(
      DeliveryIncompleteError,
    );
    await notify(sampleEvents['project.assigned'], deps);
    expect(acceptedRecipients(accepted)).toEqual(['zhang.wei@elh.example']);
  });

  it('acknowledges an event type nobody is emailed about, counting it, without sending', async () => {
    const { deps, countUnknownEvent } = setup();
    const issued: DomainEvent<'apikey.issued'> = {
      ...nominated,
      type: 'apikey.issued',
      data: { role: 'partner', ownerId: 'ptn-hust', label: 'test' },
    };
    await notify(issued, deps);
    expect(countUnknownEvent).toHaveBeenCalledWith('apikey.issued');
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('skips a recipient without an address with one warning event, and emails the others', async () => {
    // Prepare
    const people = samplePeople.map((p) => (p.id === 'stf-wang' ? { ...p, email: undefined } : p));
    const { deps, claims } = setup({ people });
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    // Act
    await notify(nominated, deps);
    await notify(nominated, deps);
    // Assess
    expect(acceptedRecipients(accepted)).not.toContain('wang.lei@whcenter.example');
    expect(accepted).toHaveLength(nominatedRecipients.length - 1);
    expect(claims.emitted).toEqual([
      expect.objectContaining({
        type: 'notification.skipped',
        data: expect.objectContaining({
          skippedEventId: nominated.id,
          recipientId: 'stf-wang',
          reason: 'no_email',
        }),
      }),
    ]);
  });

  it('puts the event in the digest of staff who chose it, and emails the others at once', async () => {
    // Prepare
    const { deps, digest } = setup({ modes: { 'stf-li': { 'project.nominated': 'digest' } } });
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    // Act
    await notify(nominated, deps);
    await notify(nominated, deps);
    // Assess
    expect(acceptedRecipients(accepted)).not.toContain('li.min@whcenter.example');
    expect(accepted).toHaveLength(nominatedRecipients.length - 1);
    expect([...digest.entries.values()]).toEqual([
      expect.objectContaining({ staffId: 'stf-li', template: 'project-nominated', event: nominated }),
    ]);
  });

  it('a computed subsidy claim goes to the digest of staff who chose it; a decision to the manager stays immediate', async () => {
    // Prepare
    const { deps, digest } = setup({
      modes: { 'stf-li': { 'subsidy.computed': 'digest', 'subsidy.approved': 'digest' } },
    });
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    // Act
    await notify(sampleEvents['subsidy.computed'], deps);
    await notify(sampleEvents['subsidy.approved'], deps);
    // Assess: li.min is mailed neither (the approval is the fund manager's, never a staff member's).
    expect(acceptedRecipients(accepted)).not.toContain('li.min@whcenter.example');
    expect(acceptedRecipients(accepted)).toContain('wang.lei@whcenter.example');
    expect([...digest.entries.values()]).toEqual([
      expect.objectContaining({
        staffId: 'stf-li',
        template: 'subsidy-computed',
        event: sampleEvents['subsidy.computed'],
      }),
    ]);
  });

  it('ignores a digest preference for a delivery that is not digestible (the commissioner, an assignment)', async () => {
    const { deps, digest } = setup({ modes: { 'stf-li': { 'project.unassigned_district': 'digest' } } });
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    await notify(sampleEvents['project.unassigned_district'], deps);
    expect(acceptedRecipients(accepted)).toContain('li.min@whcenter.example');
    expect(digest.entries.size).toBe(0);
  });
});

describe('a new project is one project.nominated (issue 13)', () => {
  /** A nomination in a district no commissioner serves: the event names none (intake's createProject). */
  const { commissionerId: _none, ...unservedData } = nominated.data;
  const unserved: DomainEvent = { ...nominated, data: { ...unservedData, district: 'xinzhou' } };
  const sentTo = (accepted: SendEmailCommand[], address: string) =>
    accepted
      .filter((c) => c.input.Destination?.ToAddresses?.includes(address))
      .map((c) => c.input.Content?.Simple?.Subject?.Data ?? '');
  const text = (command: SendEmailCommand | undefined) =>
    command?.input.Content?.Simple?.Body?.Text?.Data ?? '';

  it('emails the commissioner it names what project.assigned did, and the lead organisation it now carries', async () => {
    // Prepare: the project.assigned intake wrote with a nomination until now (the summary and the commissioner)
    const { deps } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    const assignedBefore = sampleEvents['project.assigned'];
    // Act
    await notify(nominated, deps);
    await notify(assignedBefore, deps);
    // Assess: the same email, but for the event it names and the row the nomination's data adds
    const [fromNomination, fromAssigned] = [nominated, assignedBefore].map((event) =>
      accepted.find(
        (c) =>
          c.input.Destination?.ToAddresses?.[0] === 'zhang.wei@elh.example' &&
          c.input.Content?.Simple?.Headers?.some((h) => h.Name === 'X-Event-Id' && h.Value === event.id),
      ),
    );
    expect(fromNomination?.input.Content?.Simple?.Subject).toEqual(
      fromAssigned?.input.Content?.Simple?.Subject,
    );
    expect(text(fromNomination)).toContain('华中科技大学');
    const leadRow = /^.*华中科技大学\n/m;
    expect(text(fromNomination).replace(leadRow, '').replaceAll(nominated.id, 'EVENT')).toBe(
      text(fromAssigned).replaceAll(assignedBefore.id, 'EVENT'),
    );
  });

  it('emails every staff member both the nomination and the missing commissioner, once each, whatever the redelivery', async () => {
    // Prepare: the project item names a commissioner (as after a reassignment); the event, read as it was, none
    const { deps, claims } = setup();
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    // Act: three concurrent deliveries, then two more
    await Promise.allSettled([1, 2, 3].map(() => notify(unserved, deps)));
    await notify(unserved, deps);
    await notify(unserved, deps);
    // Assess
    for (const address of staffAddresses) {
      const subjects = sentTo(accepted, address);
      expect(subjects, address).toHaveLength(2);
      expect(
        subjects.filter((s) => /新项目推荐|New project nominated/.test(s)),
        address,
      ).toHaveLength(1);
      expect(
        subjects.filter((s) => /项目待分配专员|needs a commissioner/.test(s)),
        address,
      ).toHaveLength(1);
    }
    expect(sentTo(accepted, 'kfy@hust.example')).toHaveLength(1);
    expect(sentTo(accepted, 'zhang.wei@elh.example')).toEqual([]);
    expect(accepted).toHaveLength(2 * staffAddresses.length + 1);
    expect(claims.claims.get(`${unserved.id}|staff#stf-li#project-unassigned-district`)?.state).toBe('sent');
    expect(claims.claims.get(`${unserved.id}|staff#stf-li`)?.state).toBe('sent');
  });

  it('claims and settles both emails to staff with the event’s other emails, in two writes', async () => {
    const { deps, claims } = setup();
    slowSes([]);
    await notify(unserved, deps);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2 * staffAddresses.length + 1);
    expect(claims.counts.writes).toBe(2);
  });

  it('puts the nomination in the digest of staff who chose it, and sends the missing commissioner at once', async () => {
    const { deps, digest } = setup({ modes: { 'stf-li': { 'project.nominated': 'digest' } } });
    const accepted: SendEmailCommand[] = [];
    slowSes(accepted);
    await notify(unserved, deps);
    await notify(unserved, deps);
    expect(sentTo(accepted, 'li.min@whcenter.example')).toEqual([
      expect.stringMatching(/项目待分配专员|needs a/),
    ]);
    expect([...digest.entries.values()]).toEqual([
      expect.objectContaining({ staffId: 'stf-li', template: 'project-nominated', event: unserved }),
    ]);
  });

  it('warns once per email of a staff member without an address', async () => {
    const people = samplePeople.map((p) => (p.id === 'stf-wang' ? { ...p, email: undefined } : p));
    const { deps, claims } = setup({ people });
    slowSes([]);
    await notify(unserved, deps);
    await notify(unserved, deps);
    expect(claims.emitted.map((e) => e.type)).toEqual(['notification.skipped', 'notification.skipped']);
    expect(claims.claims.get(`${unserved.id}|staff#stf-wang#project-unassigned-district`)?.state).toBe(
      'skipped',
    );
  });
});
