import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, profileItem, resetConfig } from '@wuhan/aws';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { Profile } from '@wuhan/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchedReads } from './batched-reads.js';
import { dynamoDirectory, STAFF_LIST_REFRESH_MS, STAFF_LIST_TTL_MS } from './directory.js';

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

  it('reads the next staff list beside a record once the list is older than the refresh age, never serving one past its TTL', async () => {
    const staffMember = (id: string): Profile => ({ role: 'staff', id, name: id, locale: 'zh-CN' });
    let listed = [staffMember('stf-1')];
    // The listing on gsi1 holds keys; the profiles come from the table.
    ddb.on(QueryCommand).callsFake(() => ({ Items: listed.map((p) => keys.principal('staff', p.id)) }));
    ddb.on(BatchGetCommand).callsFake(() => ({ Responses: { main: listed.map(profileItem) } }));
    const ids = async (list: Promise<Profile[]>) => (await list).map((p) => p.id);
    let now = 1_000;
    const directory = dynamoDirectory(batchedReads(client, 'main'), () => now);
    expect(await ids(directory.staff())).toEqual(['stf-1']);

    listed = [staffMember('stf-1'), staffMember('stf-2')];
    now += STAFF_LIST_REFRESH_MS;
    // The current list at once (still younger than the TTL); the next one is read beside it, once.
    let held = true;
    const pending: (() => void)[] = [];
    ddb.on(QueryCommand).callsFake(async () => {
      if (held) await new Promise<void>((resolve) => pending.push(resolve));
      return { Items: listed.map((p) => keys.principal('staff', p.id)) };
    });
    expect(await ids(directory.staff())).toEqual(['stf-1']);
    expect(await ids(directory.staff())).toEqual(['stf-1']);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);

    // At the TTL a record waits for the read under way rather than get the expired list or read a third time.
    now += STAFF_LIST_TTL_MS - STAFF_LIST_REFRESH_MS;
    const waiting = ids(directory.staff());
    held = false;
    for (const release of pending.splice(0)) release();
    expect(await waiting).toEqual(['stf-1', 'stf-2']);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);

    // Once it has arrived the refreshed list is served, and refreshed in turn.
    now += STAFF_LIST_REFRESH_MS;
    expect(await ids(directory.staff())).toEqual(['stf-1', 'stf-2']);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 3);
  });

  it('settled: resolves once the staff list reads it started are over, a failed one included', async () => {
    let fail: (error: Error) => void = () => {};
    ddb.on(QueryCommand).callsFake(
      () =>
        new Promise((_, reject) => {
          fail = reject;
        }),
    );
    const directory = dynamoDirectory(batchedReads(client, 'main'), () => 1_000);
    await expect(directory.settled()).resolves.toBeUndefined();
    const list = directory.staff();
    list.catch(() => {});
    let settled = false;
    const waiting = directory.settled().then(() => {
      settled = true;
    });
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    fail(new Error('throttled'));
    await waiting;
    expect(settled).toBe(true);
  });
});
