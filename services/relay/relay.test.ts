import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { resetConfig } from '@wuhan/aws';
import { type EventEnvelope, newId } from '@wuhan/domain';
import { topology } from '@wuhan/topology';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from './handler.js';
import { chunk, planDeliveries } from './plan-deliveries.js';

const sqs = mockClient(SQSClient);

/** The relay forwards envelopes and never reads `data`, so any type and data will do here. */
function event(type = 'project.nominated'): EventEnvelope {
  return {
    id: newId('evt'),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: 'corr-1',
    actor: { role: 'partner', id: 'ptn-1' },
    subject: { kind: 'project', id: 'prj_1' },
    data: { title: '量子传感' },
  };
}

function record(
  e: EventEnvelope,
  sequence: string,
  entity = 'outbox',
  eventName: 'INSERT' | 'REMOVE' = 'INSERT',
) {
  return {
    eventName,
    dynamodb: {
      SequenceNumber: sequence,
      NewImage: marshall(
        { pk: `OUTBOX#${e.id}`, sk: 'EVENT', entity, event: e },
        { removeUndefinedValues: true },
      ),
    },
  } as unknown as DynamoDBRecord;
}

beforeEach(() => {
  sqs.reset();
  process.env.TABLE_NAME = 'main';
  process.env.QUEUE_URLS = JSON.stringify({ notification: 'http://sqs/notification' });
  resetConfig();
});

describe('planDeliveries', () => {
  it('makes one delivery per routed queue and sets unrouted events apart', () => {
    const routed = event('project.nominated');
    const unknown = { ...event(), type: 'nothing.routes.this' };
    const plan = planDeliveries(
      [
        { recordId: '1', event: routed },
        { recordId: '2', event: unknown },
      ],
      { 'project.nominated': ['a', 'b'] },
    );
    expect(plan.deliveries.map((d) => d.queue)).toEqual(['a', 'b']);
    expect(plan.unrouted).toEqual([unknown]);
  });

  it('treats an empty route list as history only, not as a routing error', () => {
    const plan = planDeliveries([{ recordId: '1', event: event('apikey.issued') }], { 'apikey.issued': [] });
    expect(plan).toEqual({ deliveries: [], unrouted: [] });
  });

  it('chunks in tens, the SendMessageBatch limit', () => {
    expect(chunk(Array.from({ length: 23 }, (_, i) => i)).map((c) => c.length)).toEqual([10, 10, 3]);
  });
});

describe('relay handler', () => {
  it('sends each outbox event to its queues with its type and correlation id', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const e = event();
    const result = await handler({ Records: [record(e, '100')] } as DynamoDBStreamEvent);
    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: 'http://sqs/notification',
      Entries: [
        expect.objectContaining({
          MessageBody: JSON.stringify(e),
          MessageAttributes: {
            eventType: { DataType: 'String', StringValue: 'project.nominated' },
            correlationId: { DataType: 'String', StringValue: 'corr-1' },
          },
        }),
      ],
    });
  });

  it('ignores non-outbox rows and removals (TTL expiry of outbox rows)', async () => {
    const e = event();
    await handler({
      Records: [record(e, '1', 'project'), record(e, '2', 'outbox', 'REMOVE')],
    } as DynamoDBStreamEvent);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('reports the records whose messages SQS refused, and only those', async () => {
    const first = event();
    const second = event();
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: '' }],
      Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
    });
    const result = await handler({
      Records: [record(first, '1'), record(second, '2')],
    } as DynamoDBStreamEvent);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
  });

  it('reports every record of a batch whose request failed', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('network down'));
    const result = await handler({
      Records: [record(event(), '7'), record(event(), '8')],
    } as DynamoDBStreamEvent);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['7', '8']);
  });

  it('routes every event type the topology knows to queues that exist in the topology', () => {
    const queues = new Set(topology.queues.map((q) => q.name));
    for (const targets of Object.values(topology.eventRouting))
      for (const q of targets) expect(queues).toContain(q);
  });
});
