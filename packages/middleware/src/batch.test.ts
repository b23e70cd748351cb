import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  SqsChangeMessageVisibilityCommand as ChangeMessageVisibilityCommand,
  SqsGetQueueUrlCommand as GetQueueUrlCommand,
  keys,
} from '@wuhan/aws';
import { ConcurrentUpdateError, type DomainEvent, NotFoundError, newEvent } from '@wuhan/domain';
import { assignedEvent, context, mockConsumerClients, sqsRecord } from '@wuhan/testing';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { type EventConsumerOptions, eventConsumer } from './batch.js';

const { ddb, sqs, queueUrl: QUEUE_URL, reset } = mockConsumerClients('test-queue');

beforeEach(reset);

const assigned = assignedEvent;

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

/** The items of every transaction sent, each as what it writes: a rejection item, an outbox event… */
function written() {
  const items = ddb.commandCalls(TransactWriteCommand).flatMap((c) => c.args[0].input.TransactItems ?? []);
  return {
    rejections: items.flatMap((i) => (i.Put?.Item?.entity === 'rejected-message' ? [i.Put] : [])),
    published: items.flatMap((i) =>
      i.Put?.Item?.entity === 'history' ? [i.Put.Item.event as DomainEvent] : [],
    ),
    inbox: items.flatMap((i) => (i.Put?.Item?.entity === 'inbox' ? [i.Put] : [])),
  };
}

function consumer(
  handle: Mock<EventConsumerOptions['handle']> = vi.fn(async () => {}),
  dedupe: 'inbox' | 'own' = 'own',
) {
  return { handler: eventConsumer({ name: 'test-consumer', dedupe, handle }), handle };
}

describe('eventConsumer: permanent failures are recorded and acknowledged', () => {
  it('records a body that is not JSON, tells staff, and does not ask for a retry', async () => {
    const { handler, handle } = consumer();
    const record = sqsRecord('{not json');
    const result = await handler({ Records: [record] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(handle).not.toHaveBeenCalled();
    const { rejections, published } = written();
    expect(rejections).toEqual([
      expect.objectContaining({
        Item: expect.objectContaining({
          ...keys.rejectedMessage('test-consumer', record.messageId),
          kind: 'malformed',
          body: '{not json',
          expiresAt: expect.any(Number),
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ]);
    expect(published).toEqual([
      expect.objectContaining({
        type: 'event.rejected',
        data: expect.objectContaining({ consumer: 'test-consumer', messageId: record.messageId }),
      }),
    ]);
  });

  it('records an event whose data fails its schema, naming the event', async () => {
    const { handler, handle } = consumer();
    const event = assigned();
    const record = sqsRecord({ ...event, data: { ...event.data, district: 'atlantis' } });
    const result = await handler({ Records: [record] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(handle).not.toHaveBeenCalled();
    expect(written().rejections[0]?.Item).toMatchObject({
      kind: 'invalid-data',
      eventId: event.id,
      eventType: 'project.assigned',
      reason: expect.stringContaining('district'),
    });
    expect(written().published[0]).toMatchObject({
      type: 'event.rejected',
      subject: { kind: 'project', id: 'prj_1' },
      correlationId: 'cor-1',
      data: { kind: 'invalid-data', rejectedEventId: event.id, projectId: 'prj_1' },
    });
  });

  it.each([
    ['an unknown type', { type: 'project.teleported' }, 'unknown-type'],
    ['an unknown version', { version: 7 }, 'unknown-version'],
  ])('records %s', async (_name, change, kind) => {
    const { handler } = consumer();
    const result = await handler({ Records: [sqsRecord({ ...assigned(), ...change })] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(written().rejections[0]?.Item).toMatchObject({ kind });
  });

  it("records a DomainError from the use case: a retry can't change the answer", async () => {
    const { handler } = consumer(
      vi.fn(async () => {
        throw new NotFoundError('No project prj_1');
      }),
    );
    const result = await handler({ Records: [sqsRecord(assigned())] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(written().rejections[0]?.Item).toMatchObject({
      kind: 'domain',
      reason: 'NotFoundError: No project prj_1',
    });
  });

  it('acknowledges a rejection an earlier delivery already recorded', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    const { handler } = consumer();
    const result = await handler({ Records: [sqsRecord('garbage')] }, context());
    expect(result.batchItemFailures).toEqual([]);
  });

  it('never publishes event.rejected about an event.rejected (no loop)', async () => {
    const { handler } = consumer(
      vi.fn(async () => {
        throw new NotFoundError('nothing to do');
      }),
    );
    const rejected = newEvent({
      type: 'event.rejected',
      actor: { role: 'system', id: 'other' },
      subject: { kind: 'consumer', id: 'other' },
      correlationId: 'c',
      data: { consumer: 'other', messageId: 'm-1', kind: 'malformed', reason: 'not JSON' },
    });
    await handler({ Records: [sqsRecord(rejected), sqsRecord({ ...rejected, data: {} })] }, context());
    expect(written().rejections).toHaveLength(2);
    expect(written().published).toEqual([]);
  });
});

describe('eventConsumer: transient failures are retried', () => {
  it('reports the record as a batch item failure and records nothing', async () => {
    const { handler } = consumer(
      vi.fn(async () => {
        throw new Error('ThrottlingException');
      }),
    );
    const ok = sqsRecord(assigned());
    const failing = sqsRecord(assigned());
    const handle = vi.fn(async (event: DomainEvent) => {
      if (event.id === JSON.parse(failing.body).id) throw new Error('ThrottlingException');
    });
    const mixed = eventConsumer({ name: 'test-consumer', dedupe: 'own', handle });
    expect((await handler({ Records: [ok] }, context())).batchItemFailures).toEqual([
      { itemIdentifier: ok.messageId },
    ]);
    expect((await mixed({ Records: [ok, failing] }, context())).batchItemFailures).toEqual([
      { itemIdentifier: failing.messageId },
    ]);
    expect(written().rejections).toEqual([]);
  });

  it('retries a lost optimistic race (ConcurrentUpdateError): a DomainError, but transient', async () => {
    const { handler } = consumer(
      vi.fn(async () => {
        throw new ConcurrentUpdateError('Other requests changed this at the same moment');
      }),
    );
    const record = sqsRecord(assigned());
    expect((await handler({ Records: [record] }, context())).batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ]);
    expect(written().rejections).toEqual([]);
  });

  it('retries when recording the rejection itself fails', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('network down'));
    const { handler } = consumer();
    const record = sqsRecord('garbage');
    expect((await handler({ Records: [record] }, context())).batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ]);
  });
});

describe('eventConsumer: the inbox (the default)', () => {
  it("commits the consumer's writes with its inbox item, conditioned on its absence", async () => {
    const handle = vi.fn<EventConsumerOptions['handle']>(async (_event, ctx) => {
      expect(await ctx.commit([])).toBe('committed');
    });
    const event = assigned();
    const { handler } = consumer(handle, 'inbox');
    await handler({ Records: [sqsRecord(event)] }, context());
    expect(written().inbox).toEqual([
      expect.objectContaining({
        Item: expect.objectContaining(keys.inbox('test-consumer', event.id)),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ]);
    // Recorded in the transaction: no second, separate mark.
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('does nothing on a second delivery of a processed event', async () => {
    const event = assigned();
    ddb
      .on(GetCommand, { Key: keys.inbox('test-consumer', event.id) })
      .resolves({ Item: { state: 'processed' } });
    const { handler, handle } = consumer(undefined, 'inbox');
    const result = await handler({ Records: [sqsRecord(event)] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(handle).not.toHaveBeenCalled();
  });

  it('marks the event processed after a handler whose commit lost a race and then found the work done', async () => {
    // Prepare: the handler's transaction is cancelled on its own condition (another delivery did the work).
    const event = assigned();
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const handle = vi.fn<EventConsumerOptions['handle']>(async (_event, ctx) => {
      await ctx
        .commit([
          { ConditionCheck: { TableName: 'main', Key: { pk: 'x', sk: 'y' }, ConditionExpression: 'x' } },
        ])
        .catch(() => 'lost');
    });
    const { handler } = consumer(handle, 'inbox');
    // Act
    const result = await handler({ Records: [sqsRecord(event)] }, context());
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ ...keys.inbox('test-consumer', event.id), state: 'processed' }),
    });
  });

  it('marks the event processed after a handler that wrote nothing itself', async () => {
    const event = assigned();
    const { handler } = consumer(undefined, 'inbox');
    await handler({ Records: [sqsRecord(event)] }, context());
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ ...keys.inbox('test-consumer', event.id), state: 'processed' }),
    });
  });
});

describe('eventConsumer: a transient failure backs off instead of waiting the visibility timeout', () => {
  const failingOn = (receiveCount: number) =>
    sqsRecord(assigned(), {
      attributes: { ...sqsRecord('').attributes, ApproximateReceiveCount: String(receiveCount) },
    });
  const throttled = () =>
    consumer(
      vi.fn(async () => {
        throw new Error('ThrottlingException');
      }),
    );

  it('makes a message failing its first delivery visible again after 2 s, on its own queue', async () => {
    const { handler } = throttled();
    const record = failingOn(1);

    const result = await handler({ Records: [record] }, context());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      QueueUrl: QUEUE_URL,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: 2,
    });
  });

  it.each([
    [2, 8],
    [3, 30],
    [4, 120],
    [5, 300],
    [9, 300],
  ])('waits longer the more often it was delivered: delivery %i → %i s', async (count, seconds) => {
    const { handler } = throttled();

    await handler({ Records: [failingOn(count)] }, context());

    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, { VisibilityTimeout: seconds });
  });

  it('looks the queue URL up once per queue, not per failure', async () => {
    const { handler } = throttled();

    await handler({ Records: [failingOn(1), failingOn(2)] }, context());
    await handler({ Records: [failingOn(3)] }, context());

    expect(sqs).toHaveReceivedCommandTimes(ChangeMessageVisibilityCommand, 3);
    expect(sqs).toHaveReceivedCommandTimes(GetQueueUrlCommand, 1);
  });

  it('takes the delays the consumer gives', async () => {
    const handle = vi.fn(async () => {
      throw new Error('ServiceUnavailable');
    });
    const handler = eventConsumer({ name: 'test-consumer', dedupe: 'own', handle, retryDelays: [1, 5] });

    await handler({ Records: [failingOn(1), failingOn(7)] }, context());

    const timeouts = sqs
      .commandCalls(ChangeMessageVisibilityCommand)
      .map((c) => c.args[0].input.VisibilityTimeout);
    expect(timeouts.sort()).toEqual([1, 5]);
  });

  it('backs off when recording a rejection failed (that is transient too)', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('network down'));
    const { handler } = consumer();
    const record = sqsRecord('garbage');

    expect((await handler({ Records: [record] }, context())).batchItemFailures).toHaveLength(1);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      ReceiptHandle: record.receiptHandle,
    });
  });

  it('still reports the failure when the visibility cannot be changed (it returns after the timeout)', async () => {
    sqs.on(ChangeMessageVisibilityCommand).rejects(new Error('AccessDenied'));
    const { handler } = throttled();
    const record = failingOn(1);

    expect((await handler({ Records: [record] }, context())).batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ]);
  });

  it('leaves successes and permanent failures alone', async () => {
    const { handler } = consumer();

    const result = await handler({ Records: [sqsRecord(assigned()), sqsRecord('{not json')] }, context());

    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(ChangeMessageVisibilityCommand);
  });
});

describe('eventConsumer: concurrent invocations of one handler', () => {
  it("reports each invocation's own failures, whatever the other invocations in flight do", async () => {
    // The local stack runs two pollers against one loaded module (maxConcurrency 2); a processor shared by the
    // invocations let one reset or report another's failures, so a failed record was deleted as done (found by
    // test/reliability/faults.test.ts: a project.nominated lost while DynamoDB Local restarted).
    const failing = new Set<string>();
    const { handler } = consumer(
      vi.fn(async (event: DomainEvent) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));
        if (failing.has(event.id)) throw new Error('the table does not answer');
      }),
    );
    const invocations = Array.from({ length: 40 }, async (_, i) => {
      const event = assigned();
      if (i % 2 === 0) failing.add(event.id);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));
      const result = await handler(
        { Records: [sqsRecord(JSON.stringify(event), { messageId: `m-${i}` })] },
        context(),
      );
      return { i, failures: result.batchItemFailures.map((f) => f.itemIdentifier) };
    });
    for (const { i, failures } of await Promise.all(invocations)) {
      expect(failures, `invocation ${i}`).toEqual(i % 2 === 0 ? [`m-${i}`] : []);
    }
  });
});
