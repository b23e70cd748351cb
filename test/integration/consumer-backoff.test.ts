import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { newEvent } from '@wuhan/domain';
import type { LocalStack } from '@wuhan/local-stack';
import { queueDepth, secondStack, testSqsClient, waitFor } from '@wuhan/testing';
import { type FunctionSpec, topology as product, type Topology } from '@wuhan/topology';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliveries } from './fixtures/backoff-consumer.js';

/**
 * Transient failures back off (issue 12, defect 5): a consumer failing an event's first delivery sees it again
 * within seconds, not after the queue's visibility timeout (60 s here; 181 s for notification). Its own small
 * stack on the shared emulators, so the product's queues are untouched.
 */
const stack = inject('stack');
const VISIBILITY_TIMEOUT_SECONDS = 60;

const backoff: FunctionSpec = {
  name: 'backoff',
  description: 'Fails the first delivery of every event',
  entry: 'test/integration/fixtures/backoff-consumer.ts',
  timeoutSeconds: 5,
  memoryMb: 128,
  triggers: [{ kind: 'queue', queue: 'work', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 2 }],
  access: { table: [], sendTo: [], inspect: [], sendEmail: false },
};
const topology: Topology = {
  ...product,
  service: `backoff-${randomUUID().slice(0, 8)}`,
  queues: [
    {
      name: 'work',
      consumer: 'backoff',
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      retentionDays: 1,
      maxReceiveCount: 5,
      dlqRetentionDays: 14,
    },
  ],
  functions: [backoff],
  platforms: [],
};

let small: LocalStack;
beforeAll(async () => {
  small = await secondStack(stack, { topology, seed: false });
});
afterAll(async () => {
  await small?.stop();
});

describe('a consumer whose first attempt fails', () => {
  it('gets the event again within seconds and then acknowledges it', async () => {
    const event = newEvent({
      type: 'system.test',
      actor: { role: 'system', id: 'consumer-backoff-test' },
      subject: { kind: 'system', id: randomUUID() },
      data: { note: '首次失败，随后重试' },
      correlationId: randomUUID(),
    });
    await testSqsClient(small.info).send(
      new SendMessageCommand({ QueueUrl: small.info.queues.work, MessageBody: JSON.stringify(event) }),
    );
    const mine = () => deliveries.filter((d) => d.eventId === event.id);

    // Well under the visibility timeout: without the backoff the second delivery would take 60 s.
    const [first, second] = await waitFor(async () => (mine().length >= 2 ? mine() : undefined), {
      timeoutMs: 20_000,
      intervalMs: 200,
      description: 'the second delivery of the failed event',
    });

    expect([first?.receiveCount, second?.receiveCount]).toEqual([1, 2]);
    const waitedMs = (second?.at ?? 0) - (first?.at ?? 0);
    expect(waitedMs).toBeGreaterThanOrEqual(1_500);
    expect(waitedMs).toBeLessThan(15_000);
    await waitFor(
      async () => {
        const depth = await queueDepth(small.info, small.info.queues.work ?? '');
        return depth.visible === 0 && depth.inFlight === 0 ? depth : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 250, description: 'the work queue empty once the retry succeeded' },
    );
    expect(mine()).toHaveLength(2);
  }, 40_000);
});
