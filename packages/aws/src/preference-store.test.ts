import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandInput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoPreferenceStore, preferencesItem } from './preference-store.js';

/**
 * The preferences API and the notification consumer read staff preferences through one implementation
 * (`preferenceStoreReading`); these hold its DynamoDB reader to hydrate's handling of unprocessed keys.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const stored = [
  preferencesItem('stf-li', { 'project.nominated': 'digest' }, new Date('2026-03-01T00:00:00Z')),
  preferencesItem('stf-wang', { 'project.milestone_recorded': 'digest' }, new Date('2026-03-01T00:00:00Z')),
];
const answer = (keys: BatchGetCommandInput['RequestItems']) =>
  (keys?.main?.Keys ?? []).flatMap((k) => stored.filter((i) => i.pk === k.pk && i.sk === k.sk));

beforeEach(() => ddb.reset());

describe('dynamoPreferenceStore', () => {
  it("reads each staff member's item once; no item means nothing chosen", async () => {
    ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: { main: answer(input.RequestItems) },
    }));
    const modes = await dynamoPreferenceStore(client, 'main').modesOf(['stf-li', 'stf-zhao', 'stf-li']);
    expect(modes).toEqual(new Map([['stf-li', { 'project.nominated': 'digest' }]]));
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.main?.Keys).toHaveLength(2);
  });

  it('asks again for keys left unprocessed, waiting before each new attempt', async () => {
    let attempt = 0;
    ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
      const asked = input.RequestItems?.main?.Keys ?? [];
      // The first attempt leaves the first key for later.
      const left = attempt++ === 0 ? asked.slice(0, 1) : [];
      return {
        Responses: { main: answer({ main: { Keys: asked.slice(left.length) } }) },
        ...(left.length > 0 ? { UnprocessedKeys: { main: { Keys: left } } } : {}),
      };
    });
    const waits: number[] = [];
    const modes = await dynamoPreferenceStore(client, 'main', {
      sleep: async (ms) => void waits.push(ms),
    }).modesOf(['stf-li', 'stf-wang']);
    expect([...modes.keys()].sort()).toEqual(['stf-li', 'stf-wang']);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('fails rather than drop a key that stays unprocessed (it would pass for "nothing chosen")', async () => {
    ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
      const asked = input.RequestItems?.main?.Keys ?? [];
      const stuck = asked.filter((k) => k.pk === stored[1]?.pk);
      return {
        Responses: { main: answer({ main: { Keys: asked.filter((k) => !stuck.includes(k)) } }) },
        ...(stuck.length > 0 ? { UnprocessedKeys: { main: { Keys: stuck } } } : {}),
      };
    });
    const waits: number[] = [];
    const store = dynamoPreferenceStore(client, 'main', { sleep: async (ms) => void waits.push(ms) });
    await expect(store.modesOf(['stf-li', 'stf-wang'])).rejects.toThrow(/unprocessed/);
    // hydrate's attempts, with a backoff wait before each retry (not a tight loop).
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(8);
    expect(waits).toHaveLength(7);
  });
});
