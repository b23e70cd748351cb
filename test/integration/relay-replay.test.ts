import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalStack, StackInfo } from '@wuhan/local-stack';
import {
  outboxStreamRecord,
  queueDepth,
  readInbox,
  secondStack,
  streamEvent,
  useStackEnvironment,
  waitFor,
} from '@wuhan/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Issue 2, faults: the relay replaying the same stream records twice produces no second effect downstream.
 * The relay runs here, in the test process, pointed at the local stack; the stack's own notification consumer
 * receives both copies and must send each staff member one email.
 */
// On a stack of its own: "both copies consumed" is shown by the notification queue draining, which the shared
// stack's never does while other files flood it.
const shared = inject('stack');
let own: LocalStack;
let info: StackInfo;
let staffCount: number;

beforeAll(async () => {
  own = await secondStack(shared, { stateDir: await mkdtemp(join(tmpdir(), 'relay-replay-')) });
  info = own.info;
  staffCount = own.credentials.keys.filter((k) => k.role === 'staff').length;
}, 120_000);
afterAll(async () => {
  await own?.stop();
});

describe('relay replay', () => {
  it('delivers a replayed record twice to the queue, and the consumer still has one effect', async () => {
    await useStackEnvironment(info);
    const { handler } = await import('../../services/relay/handler.js');
    const { newEvent } = await import('@wuhan/domain');
    // A unique instant in the past marks this test's emails (the template prints occurredAt).
    const occurredAt = new Date(Date.UTC(2025, 0, 25) + Math.floor(Math.random() * 1e10));
    const event = newEvent({
      type: 'system.test',
      actor: { role: 'system', id: 'relay-replay-test' },
      subject: { kind: 'system', id: 'relay-replay' },
      data: {},
      correlationId: `relay-replay-${occurredAt.getTime()}`,
      now: occurredAt,
    });
    const batch = streamEvent(outboxStreamRecord(event));

    expect((await handler(batch)).batchItemFailures).toEqual([]);
    expect((await handler(batch)).batchItemFailures).toEqual([]);

    const mine = async () =>
      (await readInbox(info)).filter((e) => (e.body.text ?? '').includes(event.occurredAt));
    await waitFor(async () => ((await mine()).length > 0 ? mine() : undefined), {
      timeoutMs: 45_000,
      intervalMs: 300,
      description: 'the system.test emails',
    });
    // Both copies consumed: the queue is empty (other files' messages drain too, so allow time).
    await waitFor(
      async () => {
        const depth = await queueDepth(info, info.queues.notification ?? '');
        return depth.visible === 0 && depth.inFlight === 0;
      },
      { timeoutMs: 60_000, intervalMs: 300, description: 'the notification queue to drain' },
    );
    const all = await mine();
    const recipients = all.map((e) => e.destination.to.join(','));
    // One email per staff member (each seeded staff member has an address), none twice.
    expect(recipients).toHaveLength(staffCount);
    expect(new Set(recipients).size).toBe(staffCount);
  }, 120_000);
});
