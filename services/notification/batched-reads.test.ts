import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandInput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, preferencesItem } from '@wuhan/aws';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchedPreferenceStore } from './batched-preferences.js';
import { batchedReads } from './batched-reads.js';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const stored = new Map<string, Record<string, unknown>>();
const idOf = (key: Record<string, unknown>) => `${String(key.pk)}|${String(key.sk)}`;
const put = (item: Record<string, unknown>) => stored.set(idOf(item), item);
const keysAsked = (call: number) =>
  (ddb.commandCalls(BatchGetCommand)[call]?.args[0].input.RequestItems?.main?.Keys ?? []).map(idOf).sort();

function answerFromStore(input: BatchGetCommandInput) {
  const asked = input.RequestItems?.main?.Keys ?? [];
  return { Responses: { main: asked.flatMap((key) => stored.get(idOf(key)) ?? []) } };
}

beforeEach(() => {
  ddb.reset();
  stored.clear();
  ddb.on(BatchGetCommand).callsFake(answerFromStore);
});

describe('batched reads (issue 13)', () => {
  it('sends the reads asked for together as one BatchGetItem, each key once, and answers each with its own item', async () => {
    put({ ...keys.principal('partner', 'ptn-a'), name: 'A' });
    put({ ...keys.principal('partner', 'ptn-b'), name: 'B' });
    const read = batchedReads(client, 'main');
    const answers = await Promise.all([
      read(keys.principal('partner', 'ptn-a')),
      read(keys.principal('partner', 'ptn-b')),
      read(keys.principal('partner', 'ptn-a')),
      read(keys.principal('partner', 'ptn-missing')),
    ]);
    expect(answers.map((item) => item?.name)).toEqual(['A', 'B', 'A', undefined]);
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    // BatchGetItem refuses a key listed twice: the duplicate is asked for once.
    expect(keysAsked(0)).toEqual(
      ['PARTNER#ptn-a|PROFILE', 'PARTNER#ptn-b|PROFILE', 'PARTNER#ptn-missing|PROFILE'].sort(),
    );
  });

  it('reads asked for after the first request went out make a request of their own', async () => {
    const read = batchedReads(client, 'main');
    await read(keys.project('prj_1'));
    await read(keys.project('prj_2'));
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 2);
  });

  it('asks again for keys DynamoDB left unprocessed, and fails only those reads when it keeps leaving them', async () => {
    put({ ...keys.project('prj_1'), title: 'one' });
    put({ ...keys.project('prj_2'), title: 'two' });
    ddb
      .on(BatchGetCommand)
      .callsFakeOnce((input: BatchGetCommandInput) => ({
        Responses: { main: [stored.get('PROJECT#prj_1|PROJECT') ?? {}] },
        UnprocessedKeys: { main: { Keys: (input.RequestItems?.main?.Keys ?? []).slice(1) } },
      }))
      .callsFake(answerFromStore);
    const waits: number[] = [];
    const read = batchedReads(client, 'main', { sleep: async (ms) => void waits.push(ms) });
    const [one, two] = await Promise.all([read(keys.project('prj_1')), read(keys.project('prj_2'))]);
    expect([one?.title, two?.title]).toEqual(['one', 'two']);
    expect(keysAsked(1)).toEqual(['PROJECT#prj_2|PROJECT']);

    ddb.reset();
    ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: { main: [] },
      UnprocessedKeys: { main: { Keys: input.RequestItems?.main?.Keys ?? [] } },
    }));
    await expect(read(keys.project('prj_3'))).rejects.toThrow(/unprocessed/);
    // hydrate's attempts, with a wait before each retry (jittered backoff, not a tight loop).
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 8);
    expect(waits).toHaveLength(1 + 7);
  });

  it('fails only the reads of a key left unprocessed for good: the other keys of the same request get their items', async () => {
    put({ ...keys.project('prj_1'), title: 'one' });
    put({ ...keys.project('prj_2'), title: 'two' });
    // prj_2 is never processed; prj_1 is answered on the first attempt.
    ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
      const asked = input.RequestItems?.main?.Keys ?? [];
      const stuck = asked.filter((key) => key.pk === keys.project('prj_2').pk);
      return {
        Responses: {
          main: asked.flatMap((key) => (stuck.includes(key) ? [] : (stored.get(idOf(key)) ?? []))),
        },
        ...(stuck.length > 0 ? { UnprocessedKeys: { main: { Keys: stuck } } } : {}),
      };
    });
    const read = batchedReads(client, 'main', { sleep: async () => {} });
    const [one, two, twoAgain] = await Promise.allSettled([
      read(keys.project('prj_1')),
      read(keys.project('prj_2')),
      read(keys.project('prj_2')),
    ]);
    expect(one).toEqual({ status: 'fulfilled', value: expect.objectContaining({ title: 'one' }) });
    // Not read is not "no such item": both waiters of the unprocessed key fail (their records are retried).
    expect(two).toEqual({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringMatching(/unprocessed/) }),
    });
    expect(twoAgain.status).toBe('rejected');
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 8);
  });

  it('keeps keys whose pk and sk join to the same text apart', async () => {
    // With a printable separator these two would be one key: one read, one answer for both.
    const left = { pk: 'A|B', sk: 'C' };
    const right = { pk: 'A', sk: 'B|C' };
    ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: {
        main: (input.RequestItems?.main?.Keys ?? []).map((key) => ({ ...key, name: `${key.pk}/${key.sk}` })),
      },
    }));
    const read = batchedReads(client, 'main');
    const answers = await Promise.all([read(left), read(right)]);
    expect(answers.map((item) => item?.name)).toEqual(['A|B/C', 'A/B|C']);
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.main?.Keys).toHaveLength(2);
  });

  it('a failed request fails every read that waited on it, and the next reads ask again', async () => {
    ddb.on(BatchGetCommand).rejectsOnce(new Error('throttled')).callsFake(answerFromStore);
    const read = batchedReads(client, 'main');
    const first = Promise.allSettled([read(keys.project('prj_1')), read(keys.project('prj_2'))]);
    expect((await first).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(read(keys.project('prj_1'))).resolves.toBeUndefined();
  });

  it('splits more than 100 keys into requests of at most 100', async () => {
    const read = batchedReads(client, 'main');
    await Promise.all(Array.from({ length: 130 }, (_, i) => read(keys.project(`prj_${i}`))));
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 2);
    expect(keysAsked(0).length + keysAsked(1).length).toBe(130);
    expect(Math.max(keysAsked(0).length, keysAsked(1).length)).toBe(100);
  });
});

describe('batched preference store', () => {
  it("reads each staff member's preferences item; no item means nothing chosen", async () => {
    put(preferencesItem('stf-li', { 'project.nominated': 'digest' }, new Date()));
    const modes = await batchedPreferenceStore(batchedReads(client, 'main')).modesOf([
      'stf-li',
      'stf-wang',
      'stf-li',
    ]);
    expect(modes).toEqual(new Map([['stf-li', { 'project.nominated': 'digest' }]]));
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 1);
  });
});
