import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  SqsChangeMessageVisibilityCommand as ChangeMessageVisibilityCommand,
  SqsGetQueueUrlCommand as GetQueueUrlCommand,
  resetConfig,
  resetQueueUrls,
  SqsVisibilityClient,
} from '@wuhan/aws';
import { consumedEvents, newEvent } from '@wuhan/domain';
import { context, sqsRecord } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventConsumer } from './batch.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
// The retry backoff's own SQS client (packages/aws/src/clients/sqs-visibility.ts).
const sqs = mockClient(SqsVisibilityClient);

beforeEach(() => {
  sqs.reset();
  resetQueueUrls();
  sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q' });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

const assigned = () =>
  newEvent({
    type: 'project.assigned',
    actor: { role: 'staff', id: 'stf-li' },
    subject: { kind: 'project', id: 'prj_1' },
    correlationId: 'cor-1',
    data: {
      projectId: 'prj_1',
      title: '量子精密测量',
      district: 'east_lake_hitech',
      commissionerId: 'com-1',
    },
  });

function transactItems() {
  return ddb.commandCalls(TransactWriteCommand).flatMap((c) => c.args[0].input.TransactItems ?? []);
}

describe('eventConsumer({ events }): a consumer reads only the types it declares', () => {
  it('handles a declared type', async () => {
    const handle = vi.fn(async () => {});
    const events = consumedEvents('test-consumer', ['project.assigned']);
    const handler = eventConsumer({ name: 'test-consumer', dedupe: 'own', events, handle });
    const result = await handler({ Records: [sqsRecord(assigned())] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(handle).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'project.assigned' }),
      expect.anything(),
    );
  });

  it('refuses any other catalog type as an unknown type: recorded, staff told, not retried', async () => {
    const handle = vi.fn(async () => {});
    const events = consumedEvents('test-consumer', ['subsidy.claim_received']);
    const handler = eventConsumer({ name: 'test-consumer', dedupe: 'own', events, handle });
    const event = assigned();
    const result = await handler({ Records: [sqsRecord(event)] }, context());
    expect(result.batchItemFailures).toEqual([]);
    expect(handle).not.toHaveBeenCalled();
    const items = transactItems();
    const rejection = items.find((i) => i.Put?.Item?.entity === 'rejected-message')?.Put?.Item;
    expect(rejection).toMatchObject({
      kind: 'unknown-type',
      eventId: event.id,
      eventType: 'project.assigned',
    });
    const told = items.find((i) => i.Put?.Item?.entity === 'history')?.Put?.Item?.event;
    expect(told).toMatchObject({
      type: 'event.rejected',
      data: { kind: 'unknown-type', rejectedEventId: event.id },
    });
  });
});
