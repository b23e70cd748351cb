import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  resetConfig,
  resetQueueUrls,
  SqsChangeMessageVisibilityCommand,
  SqsGetQueueUrlCommand,
  SqsVisibilityClient,
} from '@wuhan/aws';
import { newEvent } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * The clients an event consumer talks to, mocked: the document client (inbox, claims, writes) and the retry
 * backoff's own SQS client (packages/aws/src/clients/sqs-visibility.ts). `reset()` (each test's `beforeEach`)
 * answers reads as absent, accepts writes, and gives `queueName` the URL `queueUrl`.
 */
export function mockConsumerClients(queueName = 'test-queue') {
  const ddb = mockClient(DynamoDBDocumentClient);
  mockClient(DynamoDBClient);
  const sqs = mockClient(SqsVisibilityClient);
  const queueUrl = `https://sqs.us-east-1.amazonaws.com/000000000000/${queueName}`;
  const reset = () => {
    sqs.reset();
    resetQueueUrls();
    sqs.on(SqsGetQueueUrlCommand, { QueueName: queueName }).resolves({ QueueUrl: queueUrl });
    sqs.on(SqsChangeMessageVisibilityCommand).resolves({});
    ddb.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    process.env.TABLE_NAME = 'main';
    resetConfig();
  };
  return { ddb, sqs, queueUrl, reset };
}

/** A `project.assigned` event (a reassignment by staff), new on each call: a fresh id every time. */
export function assignedEvent() {
  return newEvent({
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
}
