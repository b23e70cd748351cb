import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { resetConfig } from '@wuhan/aws';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchedReads } from './batched-reads.js';
import { dynamoDirectory, STAFF_LIST_TTL_MS } from './directory.js';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('notification directory', () => {
  it('reads the staff list once for the records of a batch, and again once the list is older than its TTL', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    let now = 1_000;
    const directory = dynamoDirectory(batchedReads(client, 'main'), () => now);
    await Promise.all([directory.staff(), directory.staff(), directory.staff()]);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
    now += STAFF_LIST_TTL_MS;
    await directory.staff();
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
  });

  it('does not keep a failed read: the next record asks again', async () => {
    ddb.on(QueryCommand).rejectsOnce(new Error('throttled')).resolves({ Items: [] });
    const directory = dynamoDirectory(batchedReads(client, 'main'), () => 1_000);
    await expect(directory.staff()).rejects.toThrow('throttled');
    await expect(directory.staff()).resolves.toEqual([]);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
  });
});
