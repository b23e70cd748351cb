import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@wuhan/aws';
import type { LocalStack, StackInfo } from '@wuhan/local-stack';
import {
  queueDepth,
  readInbox,
  receiveAll,
  scanByPrefix,
  secondStack,
  sendJson,
  testDocumentClient,
  testSqsClient,
  waitFor,
} from '@wuhan/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Permanent failures through the local stack: a message the notification consumer can never process is
 * recorded with its reason, staff get an email, and it is acknowledged at once, neither retried nor moved to the
 * DLQ. Each test sends its own message straight to a consumer's queue and finds it by its message id.
 *
 * On a stack of its own: "acknowledged" is shown by the queue draining, which the shared stack's queues never do
 * while other files flood them (fifty subsidy claims at once, hundreds of nominations).
 */
const shared = inject('stack');
let own: LocalStack;
let stack: StackInfo;
let db: ReturnType<typeof testDocumentClient>;
let queue: string;
let dlq: string;

beforeAll(async () => {
  own = await secondStack(shared, { stateDir: await mkdtemp(join(tmpdir(), 'poison-events-')) });
  stack = own.info;
  db = testDocumentClient(stack);
  queue = stack.queues.notification ?? '';
  dlq = stack.dlqs.notification ?? '';
}, 120_000);
afterAll(async () => {
  await own?.stop();
});

async function staffAddresses(): Promise<string[]> {
  const items = await scanByPrefix(stack, 'STAFF#');
  return items.flatMap((i) => (i.sk === 'PROFILE' && typeof i.email === 'string' ? [i.email] : []));
}

async function rejection(messageId: string) {
  const { Item } = await db.send(
    new GetCommand({
      TableName: stack.tableName,
      Key: keys.rejectedMessage('notification', messageId),
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** The staff emails about this rejected message: each names the message id in its text. */
async function staffEmailsAbout(messageId: string) {
  return (await readInbox(stack)).filter((e) => (e.body.text ?? '').includes(messageId));
}

/** Records, tells every staff member, and leaves nothing to retry: no copy in the queue, none in the DLQ. */
async function expectRejectedOnce(messageId: string, kind: string) {
  const recorded = await waitFor(async () => rejection(messageId), {
    timeoutMs: 30_000,
    intervalMs: 250,
    description: `the rejection of ${messageId}`,
  });
  expect(recorded).toMatchObject({ consumer: 'notification', messageId, kind, entity: 'rejected-message' });

  const staff = await staffAddresses();
  const emails = await waitFor(
    async () => {
      const found = await staffEmailsAbout(messageId);
      return found.length >= staff.length ? found : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 300, description: `the staff emails about ${messageId}` },
  );
  expect(emails.flatMap((e) => e.destination.to).sort()).toEqual([...staff].sort());

  // Acknowledged: the queue drains (a retried message would stay in flight until its visibility timeout).
  await waitFor(
    async () => {
      const depth = await queueDepth(stack, queue);
      return depth.visible === 0 && depth.inFlight === 0;
    },
    { timeoutMs: 45_000, intervalMs: 250, description: 'the notification queue to drain' },
  );
  const dead = await receiveAll(stack, dlq, { delete: false });
  expect(dead.filter((m) => m.MessageId === messageId || (m.Body ?? '').includes(messageId))).toEqual([]);
}

describe('poison messages on the notification queue', () => {
  it('records a body that is not JSON, emails staff, and keeps it out of the DLQ', async () => {
    const { MessageId = '' } = await testSqsClient(stack).send(
      new SendMessageCommand({
        QueueUrl: queue,
        MessageBody: `{"type": "project.nominated", ${randomUUID()}`,
      }),
    );
    await expectRejectedOnce(MessageId, 'malformed');
  });

  it('records an event whose data fails its schema, naming the event', async () => {
    const eventId = `evt_${randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase()}`;
    const messageId = await sendJson(stack, queue, {
      id: eventId,
      type: 'project.assigned',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `poison-${eventId}`,
      actor: { role: 'staff', id: 'stf-poison' },
      subject: { kind: 'project', id: `prj_${eventId}` },
      // No title, a district outside the vocabulary, no commissioner: three schema violations.
      data: { projectId: `prj_${eventId}`, district: 'atlantis' },
    });
    await expectRejectedOnce(messageId, 'invalid-data');
    expect(await rejection(messageId)).toMatchObject({
      eventId,
      eventType: 'project.assigned',
      reason: expect.stringContaining('district'),
    });
  });
});

describe('poison messages on the matching queue', () => {
  it('records a match.released without its required reason as invalid data, naming the event', async () => {
    const eventId = `evt_${randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase()}`;
    const messageId = await sendJson(stack, stack.queues.matching ?? '', {
      id: eventId,
      type: 'match.released',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `poison-${eventId}`,
      actor: { role: 'staff', id: 'stf-poison' },
      subject: { kind: 'project', id: `prj_${eventId}` },
      // A release always carries staff's reason; an unknown kind besides.
      data: { matchId: 'mat_x', projectId: `prj_${eventId}`, platformId: 'cvc-whu', kind: 'bank' },
    });
    const recorded = await waitFor(
      async () => {
        const { Item } = await db.send(
          new GetCommand({
            TableName: stack.tableName,
            Key: keys.rejectedMessage('matching', messageId),
            ConsistentRead: true,
          }),
        );
        return Item;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: `matching's rejection of ${messageId}` },
    );
    expect(recorded).toMatchObject({
      consumer: 'matching',
      messageId,
      kind: 'invalid-data',
      eventId,
      eventType: 'match.released',
      reason: expect.stringContaining('reason'),
    });
  });
});

describe('poison messages on the subsidy queue', () => {
  it('records a claim event naming no claim (a domain refusal), acknowledges it, and keeps it out of the DLQ', async () => {
    const subsidyQueue = stack.queues.subsidy ?? '';
    const claimId = `sbc_${randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase()}`;
    const messageId = await sendJson(stack, subsidyQueue, {
      id: `evt_${randomUUID()}`,
      type: 'subsidy.claim_received',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `poison-${claimId}`,
      actor: { role: 'staff', id: 'stf-poison' },
      subject: { kind: 'subsidy_claim', id: claimId },
      data: { claimId, subsidyType: 'grant_to_equity', assessOn: '2026-06-01' },
    });
    const recorded = await waitFor(
      async () => {
        const { Item } = await db.send(
          new GetCommand({
            TableName: stack.tableName,
            Key: keys.rejectedMessage('subsidy', messageId),
            ConsistentRead: true,
          }),
        );
        return Item;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the subsidy rejection' },
    );
    expect(recorded).toMatchObject({
      consumer: 'subsidy',
      kind: 'domain',
      reason: expect.stringContaining(claimId),
    });
    await waitFor(
      async () => {
        const depth = await queueDepth(stack, subsidyQueue);
        return depth.visible === 0 && depth.inFlight === 0;
      },
      { timeoutMs: 45_000, intervalMs: 250, description: 'the subsidy queue to drain' },
    );
    const dead = await receiveAll(stack, stack.dlqs.subsidy ?? '', { delete: false });
    expect(dead.filter((m) => m.MessageId === messageId)).toEqual([]);
  });

  it('records a claim whose stored record fails its schema (its key and field in the reason), keeps it out of the DLQ', async () => {
    const subsidyQueue = stack.queues.subsidy ?? '';
    const claimId = `sbc_${randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase()}`;
    const projectId = 'prj_01JFA0000000000000000SBSDY';
    // A received claim as an older writer might have left it: the amount stored as text.
    await db.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          ...keys.subsidyClaim(claimId),
          entity: 'subsidy_claim',
          claimId,
          subsidyType: 'grant_to_equity',
          status: 'received',
          input: { subsidyType: 'grant_to_equity', projectId, requestedFen: '200000000' },
          projectId,
          assessOn: '2026-06-01',
          filedBy: { role: 'staff', id: 'stf-poison' },
          filedAt: new Date().toISOString(),
          correlationId: `poison-${claimId}`,
        },
      }),
    );
    const messageId = await sendJson(stack, subsidyQueue, {
      id: `evt_${randomUUID()}`,
      type: 'subsidy.claim_received',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `poison-${claimId}`,
      actor: { role: 'staff', id: 'stf-poison' },
      subject: { kind: 'subsidy_claim', id: claimId },
      data: { claimId, subsidyType: 'grant_to_equity', assessOn: '2026-06-01', projectId },
    });
    const recorded = await waitFor(
      async () => {
        const { Item } = await db.send(
          new GetCommand({
            TableName: stack.tableName,
            Key: keys.rejectedMessage('subsidy', messageId),
            ConsistentRead: true,
          }),
        );
        return Item;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the subsidy rejection of the unreadable claim' },
    );
    expect(recorded).toMatchObject({
      consumer: 'subsidy',
      kind: 'domain',
      reason: expect.stringContaining(`SUBSIDY_CLAIM#${claimId}`),
    });
    expect(recorded.reason).toContain('input.requestedFen');
    await waitFor(
      async () => {
        const depth = await queueDepth(stack, subsidyQueue);
        return depth.visible === 0 && depth.inFlight === 0;
      },
      { timeoutMs: 45_000, intervalMs: 250, description: 'the subsidy queue to drain' },
    );
    const dead = await receiveAll(stack, stack.dlqs.subsidy ?? '', { delete: false });
    expect(dead.filter((m) => m.MessageId === messageId)).toEqual([]);
    // Left as it was: nothing assessed it.
    const { Item: claim } = await db.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.subsidyClaim(claimId), ConsistentRead: true }),
    );
    expect(claim?.status).toBe('received');
  });
});
