import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { resetConfig } from '@wuhan/aws';
import type { Principal } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import type { Caller } from './caller.js';

/** Shared fixtures for intake's unit tests: a mocked document client and callers. */
export function mockTable() {
  const ddb = mockClient(DynamoDBDocumentClient);
  mockClient(DynamoDBClient);
  const reset = () => {
    ddb.reset();
    // Anything a test does not set up reads as absent and writes succeed; tests override what they need.
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).resolves({});
    process.env.TABLE_NAME = 'main';
    resetConfig();
  };
  return { ddb, reset };
}

export function callerAs(role: Principal['role'], ownerId: string): Caller {
  return {
    principal: { role, ownerId, keyId: `key_${ownerId}` },
    correlationId: 'corr-test-1',
    now: new Date('2025-03-01T02:00:00Z'),
  };
}

/** What DynamoDB answers when a transaction's item fails its condition or races another transaction. */
export function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

export const noSleep = { sleep: async () => {} };
