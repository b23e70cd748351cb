import { randomUUID } from 'node:crypto';
import type { LocalStack } from '@wuhan/local-stack';
import {
  api,
  queueDepth,
  receiveAll,
  runSchedule,
  secondStack,
  useStackEnvironment,
  waitFor,
} from '@wuhan/testing';
import { type FunctionSpec, functionSpec, topology as product, type Topology } from '@wuhan/topology';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliveries } from './fixtures/flaky-consumer.js';

const stack = inject('stack');

describe('the local stack (product topology)', () => {
  it('seeds each platform a key naming its platformId, the same id that keys its queue in platformQueues', () => {
    const platformKeys = inject('credentials').keys.filter((k) => k.role === 'platform');
    expect(platformKeys.length).toBeGreaterThan(0);
    for (const key of platformKeys) {
      expect(key.platformId, key.label).toBeDefined();
      expect(stack.platformQueues[key.platformId ?? ''], key.label).toMatch(/platform-/);
    }
  });

  it('answers an unknown route with 404 like API Gateway', async () => {
    const response = await api(stack).get('/v1/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ message: 'Not Found' });
  });

  it('serves a public route without a key, through a real API Gateway v2 event', async () => {
    const response = await api(stack).get('/v1/health');
    expect(response.status).toBe(200);
    expect(response.headers['apigw-requestid']).toBeTruthy();
  });

  it('reports every dead-letter queue depth on the control API', async () => {
    const response = await fetch(`${stack.controlUrl}/dlq`);
    const depths = (await response.json()) as Record<string, number>;
    expect(Object.keys(depths).sort()).toEqual(product.queues.map((q) => q.name).sort());
  });
});

/**
 * A second, small stack on the same emulators (its own table and queues): a consumer that fails one record
 * every time, a scheduled function, and the real relay over a `notification` queue nobody consumes, so the
 * test can read what the relay delivered.
 */
const flaky: FunctionSpec = {
  name: 'flaky',
  description: 'Fails the records that ask for it',
  entry: 'test/integration/fixtures/flaky-consumer.ts',
  timeoutSeconds: 1,
  memoryMb: 128,
  triggers: [{ kind: 'queue', queue: 'work', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 2 }],
  access: { table: [], sendTo: [], inspect: [], sendEmail: false },
};
const tick: FunctionSpec = {
  name: 'tick',
  description: 'Answers with its event',
  entry: 'test/integration/fixtures/tick.ts',
  timeoutSeconds: 5,
  memoryMb: 128,
  triggers: [{ kind: 'schedule', name: 'every-monday', cron: '0 9 ? * MON *', timeZone: 'Asia/Shanghai' }],
  access: { table: [], sendTo: [], inspect: [], sendEmail: false },
};
const maxReceiveCount = 3;
const faultTopology: Topology = {
  ...product,
  service: `faults-${randomUUID().slice(0, 8)}`,
  queues: [
    {
      name: 'work',
      consumer: 'flaky',
      visibilityTimeoutSeconds: 6,
      retentionDays: 1,
      maxReceiveCount,
      dlqRetentionDays: 14,
    },
    {
      name: 'notification',
      consumer: 'external',
      visibilityTimeoutSeconds: 30,
      retentionDays: 1,
      maxReceiveCount: 5,
      dlqRetentionDays: 14,
    },
  ],
  functions: [flaky, tick, functionSpec('relay')],
  platforms: [],
};

/** A second stack of a test topology on the shared emulators: its own table and queues, no seed, quiet. */
function smallStack(
  topology: Topology,
  options: {
    throttle?: { rateLimit: number; burstLimit: number };
    anonymousThrottle?: { rateLimit: number; burstLimit: number };
  } = {},
) {
  return secondStack(stack, { topology, seed: false, ...options });
}

describe('event sources and schedules (a test topology)', () => {
  let small: LocalStack;
  beforeAll(async () => {
    small = await smallStack(faultTopology);
  });
  afterAll(async () => {
    await small?.stop();
  });

  it('deletes the records that succeeded, redelivers the failed one and dead-letters it after maxReceiveCount', async () => {
    const run = randomUUID();
    const sqs = (await import('@wuhan/testing')).testSqsClient(small.info);
    const { SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: small.info.queues.work,
        Entries: [
          { Id: 'ok1', MessageBody: JSON.stringify({ run, n: 1 }) },
          { Id: 'bad', MessageBody: JSON.stringify({ run, n: 2, fail: true }) },
          { Id: 'ok2', MessageBody: JSON.stringify({ run, n: 3 }) },
        ],
      }),
    );
    const mine = () => deliveries.filter((d) => (JSON.parse(d.body) as { run: string }).run === run);

    const dead = await waitFor(
      async () => {
        const messages = await receiveAll(small.info, small.info.dlqs.work ?? '');
        return messages.length > 0 ? messages : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 500, description: 'the failing record in the DLQ' },
    );

    expect(dead.map((m) => JSON.parse(m.Body ?? '{}'))).toEqual([{ run, n: 2, fail: true }]);
    const delivered = mine();
    // The good records were delivered once each and deleted: never seen again.
    expect(delivered.filter((d) => !d.body.includes('fail')).map((d) => d.receiveCount)).toEqual([1, 1]);
    // The failing one came back after each visibility timeout, maxReceiveCount times in all.
    expect(delivered.filter((d) => d.body.includes('fail')).map((d) => d.receiveCount)).toEqual([1, 2, 3]);
    expect(await queueDepth(small.info, small.info.queues.work ?? '')).toEqual({ visible: 0, inFlight: 0 });
  }, 60_000);

  it('runs a schedule now through the control endpoint and answers with its result', async () => {
    const response = await runSchedule(small.info, 'every-monday');
    expect(response.status).toBe(200);
    expect(response.result).toEqual({
      ran: true,
      source: 'aws.scheduler',
      resources: [expect.stringMatching(/:schedule\/default\/every-monday$/)],
    });
    expect((await runSchedule(small.info, 'no-such-schedule')).status).toBe(404);
  });

  it('delivers an outbox row written with commit() to the queue its type routes to, through the stream', async () => {
    await useStackEnvironment(small.info);
    const { commit } = await import('@wuhan/aws');
    const { newEvent } = await import('@wuhan/domain');
    const event = newEvent({
      type: 'system.test',
      actor: { role: 'system', id: 'local-stack-test' },
      subject: { kind: 'system', id: randomUUID() },
      data: { note: '本地测试' },
      correlationId: randomUUID(),
    });
    await commit([], [event]);

    const received = await waitFor(
      async () => {
        const messages = await receiveAll(small.info, small.info.queues.notification ?? '');
        return messages.length > 0 ? messages : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, description: 'the relayed event on the notification queue' },
    );
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]?.Body ?? '{}')).toMatchObject({
      id: event.id,
      type: 'system.test',
      data: { note: '本地测试' },
    });
  });
});

describe('API Gateway throttling (a stack of its own, so no other test is slowed)', () => {
  let throttled: LocalStack;
  beforeAll(async () => {
    // A refill of one request per 1000 s: the test sees the burst alone, however slow the machine.
    throttled = await smallStack(
      {
        ...product,
        service: `throttle-${randomUUID().slice(0, 8)}`,
        queues: [],
        functions: [functionSpec('meta')],
        platforms: [],
      },
      // Keyless requests spend the anonymous budget (test/integration/api-budgets.test.ts shows the two apart).
      {
        throttle: { rateLimit: 0.001, burstLimit: 3 },
        anonymousThrottle: { rateLimit: 0.001, burstLimit: 3 },
      },
    );
  });
  afterAll(async () => {
    await throttled?.stop();
  });

  it('answers 429 past the burst, like the deployed stage', async () => {
    const statuses = await Promise.all(
      Array.from(
        { length: 6 },
        async () =>
          (await api(throttled.info, undefined, { contractFrom: stack.apiUrl }).get('/v1/openapi.json'))
            .status,
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});
