import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { resetConfig } from '@wuhan/aws';
import { type DomainEvent, newEvent } from '@wuhan/domain';
import { topology } from '@wuhan/topology';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { redriveOutbox, redriveStreamFailures, windowOf } from './redrive-outbox.js';

const sqs = mockClient(SQSClient);
const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const urls = {
  notification: 'http://sqs/notification',
  'platform-cvc-whu': 'http://sqs/platform-cvc-whu',
  'relay-undeliverable': 'http://sqs/relay-undeliverable',
};
const failuresUrl = 'http://sqs/relay-stream-failures';

const testEvent = (id: string, at: string): DomainEvent =>
  newEvent({
    type: 'system.test',
    actor: { role: 'staff', id: 'stf-li' },
    subject: { kind: 'system', id: 'notification' },
    data: { note: id },
    correlationId: `corr-${id}`,
    now: new Date(at),
  });
const row = (event: DomainEvent) => ({ event });

/** What Lambda puts on a stream mapping's on-failure queue: where the batch was, not what it held. */
const failureRecord = (first: string, last: string) =>
  JSON.stringify({
    requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
    responseContext: { statusCode: 200, functionError: 'Unhandled' },
    version: '1.0',
    timestamp: last,
    DDBStreamBatchInfo: {
      shardId: 'shardId-000',
      startSequenceNumber: '100',
      endSequenceNumber: '120',
      approximateArrivalOfFirstRecord: first,
      approximateArrivalOfLastRecord: last,
      batchSize: 2,
      streamArn: 'arn:aws:dynamodb:ap-east-1:123:table/main/stream/x',
    },
  });

const sentEventIds = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => (c.args[0].input as SendMessageBatchCommandInput).Entries ?? [])
    .map((e) => (JSON.parse(e.MessageBody ?? '{}') as { id: string }).id);

beforeEach(() => {
  sqs.reset();
  ddb.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
    Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })),
    Failed: [],
  }));
  process.env.TABLE_NAME = 'main';
  process.env.QUEUE_URLS = JSON.stringify(urls);
  resetConfig();
});

describe('resending from the stored event rows', () => {
  it('reads every page of the window, event (history) rows only, and relays each event with today’s routing', async () => {
    const a = testEvent('a', '2026-11-20T01:00:00.000Z');
    const b = testEvent('b', '2026-11-20T01:00:05.000Z');
    ddb
      .on(ScanCommand)
      .resolvesOnce({ Items: [row(b)], LastEvaluatedKey: { pk: 'SYSTEM#x', sk: 'EVENT#y' } })
      .resolvesOnce({ Items: [row(a), { event: { not: 'an event' } }] });
    const result = await redriveOutbox({
      routing: topology.eventRouting,
      from: new Date('2026-11-20T00:00:00Z'),
      to: new Date('2026-11-20T02:00:00Z'),
    });
    expect(result).toEqual({ resent: [a.id, b.id], failed: [] });
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(2);
    expect(ddb.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
      pk: 'SYSTEM#x',
      sk: 'EVENT#y',
    });
    expect(ddb.commandCalls(ScanCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':history': 'history',
      ':from': '2026-11-20T00:00:00.000Z',
      ':to': '2026-11-20T02:00:00.000Z',
    });
    // system.test routes to the notification queue.
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: urls.notification });
    expect(sentEventIds().sort()).toEqual([a.id, b.id].sort());
  });

  it('reports an event whose send failed, so the operator runs it again', async () => {
    const a = testEvent('a', '2026-11-20T01:00:00.000Z');
    ddb.on(ScanCommand).resolves({ Items: [row(a)] });
    sqs.on(SendMessageBatchCommand).rejects(new Error('throttled'));
    const result = await redriveOutbox({
      routing: topology.eventRouting,
      from: new Date('2026-11-20T00:00:00Z'),
      to: new Date('2026-11-20T02:00:00Z'),
    });
    expect(result).toEqual({ resent: [], failed: [a.id] });
  });
});

describe('working through a stream-failure queue', () => {
  it('the window of a failed batch reaches back before its first record arrived, and past its last', () => {
    expect(windowOf(failureRecord('2026-11-20T01:00:00Z', '2026-11-20T01:00:30Z'))).toEqual({
      from: new Date('2026-11-20T00:55:00Z'),
      to: new Date('2026-11-20T01:01:30Z'),
    });
    expect(windowOf('{"kind":"relay.undeliverable"}')).toBeUndefined();
    expect(windowOf('not json')).toBeUndefined();
  });

  it('resends each failed batch’s events, deletes its record, and leaves anything else for a person', async () => {
    const a = testEvent('a', '2026-11-20T01:00:10.000Z');
    ddb.on(ScanCommand).resolves({ Items: [row(a)] });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          {
            MessageId: 'f1',
            ReceiptHandle: 'r1',
            Body: failureRecord('2026-11-20T01:00:00Z', '2026-11-20T01:00:30Z'),
          },
          { MessageId: 'junk', ReceiptHandle: 'r2', Body: 'hello' },
        ],
      })
      .resolves({ Messages: [] });
    const result = await redriveStreamFailures({ queueUrl: failuresUrl, routing: topology.eventRouting });
    expect(result).toEqual({ done: [{ messageId: 'f1', resent: 1 }], retryLater: [], leftAlone: ['junk'] });
    expect(sentEventIds()).toEqual([a.id]);
    expect(sqs).toHaveReceivedCommandTimes(DeleteMessageCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(DeleteMessageCommand, {
      QueueUrl: failuresUrl,
      ReceiptHandle: 'r1',
    });
  });

  it('keeps a record whose events could not all be sent', async () => {
    ddb.on(ScanCommand).resolves({ Items: [row(testEvent('a', '2026-11-20T01:00:10.000Z'))] });
    sqs.on(SendMessageBatchCommand).rejects(new Error('throttled'));
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          {
            MessageId: 'f1',
            ReceiptHandle: 'r1',
            Body: failureRecord('2026-11-20T01:00:00Z', '2026-11-20T01:00:30Z'),
          },
        ],
      })
      .resolves({ Messages: [] });
    const result = await redriveStreamFailures({ queueUrl: failuresUrl, routing: topology.eventRouting });
    expect(result.retryLater).toEqual(['f1']);
    expect(sqs).toHaveReceivedCommandTimes(DeleteMessageCommand, 0);
  });
});
