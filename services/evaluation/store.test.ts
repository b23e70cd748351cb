import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import type { AssignmentRound, EvaluationRecord } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { newestRoundNumber, readRounds } from './store.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const projectId = 'prj_q';

const round = (n: number): AssignmentRound => ({
  at: new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString(),
  needed: 1,
  chosen: [`exp-${n}`],
  shortBy: 0,
  parameterVersion: 1,
  trigger: n === 1 ? 'entered_review' : 'withdrawal:overdue',
  explanations: [],
});
const roundItem = (n: number) => ({
  ...keys.evaluationRound(projectId, n),
  entity: 'evaluation-round',
  projectId,
  round: n,
  ...round(n),
});

/** A partition of round items answered as DynamoDB would: by sort key, `Limit` and pages of at most 7. */
function storeRounds(numbers: number[]) {
  const items = numbers.map(roundItem).sort((a, b) => (a.sk < b.sk ? -1 : 1));
  const inputs: QueryCommandInput[] = [];
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    inputs.push(input);
    // A BETWEEN on the sort key (paging back) keeps the items within it.
    const to = input.ExpressionAttributeValues?.[':to'];
    const from = input.ExpressionAttributeValues?.[':from'];
    const within = items.filter(
      (i) => (to === undefined || i.sk <= to) && (from === undefined || i.sk >= from),
    );
    const ordered = input.ScanIndexForward === false ? [...within].reverse() : within;
    const after = input.ExclusiveStartKey?.sk;
    const at = after === undefined ? 0 : ordered.findIndex((i) => i.sk === after) + 1;
    const page = ordered.slice(at, at + Math.min(input.Limit ?? Infinity, 7));
    const last = page.at(-1);
    return {
      Items: page,
      ...(last && at + page.length < ordered.length
        ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } }
        : {}),
    };
  });
  return inputs;
}

const record = (over: Partial<EvaluationRecord> = {}): EvaluationRecord => ({
  projectId,
  state: 'open',
  version: 1,
  ...over,
});

/** The rounds answered, as the endpoint lists them. */
const answered = async (...args: Parameters<typeof readRounds>) =>
  (await readRounds(...args)).rounds.map((r) => r.round);

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('reading an evaluation’s assignment rounds', () => {
  it('answers every round item oldest first, read strongly consistent, newest first from the table', async () => {
    const inputs = storeRounds([1, 2, 3]);
    const rounds = await answered(record({ roundCount: 3 }), 50);
    expect(rounds.map((r) => r.chosen[0])).toEqual(['exp-1', 'exp-2', 'exp-3']);
    // The answer is the round as it was always answered: no keys, no item bookkeeping.
    expect(rounds[0]).toEqual(round(1));
    expect(inputs[0]).toMatchObject({ ConsistentRead: true, ScanIndexForward: false });
    expect(inputs[0]?.ExpressionAttributeValues).toMatchObject({ ':pk': `PROJECT#${projectId}` });
  });

  it('answers the latest 50 of 60, oldest first, over several pages', async () => {
    storeRounds(Array.from({ length: 60 }, (_, i) => i + 1));
    const rounds = await answered(record({ roundCount: 60 }), 50);
    expect(rounds).toHaveLength(50);
    expect(rounds[0]?.chosen).toEqual(['exp-11']);
    expect(rounds.at(-1)?.chosen).toEqual(['exp-60']);
  });

  it('answers an older record’s inline rounds first (numbered 1…n), then the round items after them', async () => {
    storeRounds([3, 4]);
    const rounds = await answered(record({ rounds: [round(1), round(2)], roundCount: 4 }), 50);
    expect(rounds.map((r) => r.chosen[0])).toEqual(['exp-1', 'exp-2', 'exp-3', 'exp-4']);
  });

  it('answers an inline round once, even if a round item carries its number', async () => {
    storeRounds([2, 3]);
    const rounds = await answered(record({ rounds: [round(1), round(2)], roundCount: 3 }), 50);
    expect(rounds.map((r) => r.chosen[0])).toEqual(['exp-1', 'exp-2', 'exp-3']);
  });

  it('fills the latest N from the inline rounds when the items are fewer', async () => {
    storeRounds([4, 5]);
    const rounds = await answered(record({ rounds: [round(1), round(2), round(3)], roundCount: 5 }), 3);
    expect(rounds.map((r) => r.chosen[0])).toEqual(['exp-3', 'exp-4', 'exp-5']);
  });

  it('asks for 50 on the first page and, on each later page, only for the rounds still missing', async () => {
    const inputs = storeRounds(Array.from({ length: 60 }, (_, i) => i + 1));
    await readRounds(record({ roundCount: 60 }), 50);
    // Pages of at most 7 here: 50, then 43, 36, …, until 50 are read.
    expect(inputs.map((i) => i.Limit)).toEqual([50, 43, 36, 29, 22, 15, 8, 1]);
  });

  it('orders by number the rounds the previous release appended inline after the items (k+1…k+n)', async () => {
    storeRounds([1, 2, 3]);
    // No roundCount: the previous release rewrote the record (it drops the field) and appended rounds 4 and 5.
    const { rounds, count } = await readRounds(record({ rounds: [round(4), round(5)] }), 50);
    expect(rounds.map((r) => [r.number, r.round.chosen[0]])).toEqual([
      [1, 'exp-1'],
      [2, 'exp-2'],
      [3, 'exp-3'],
      [4, 'exp-4'],
      [5, 'exp-5'],
    ]);
    expect(count).toBe(5);
    // The latest 3 are the appended ones and the newest item.
    const latest = await answered(record({ rounds: [round(4), round(5)] }), 3);
    expect(latest.map((r) => r.chosen[0])).toEqual(['exp-3', 'exp-4', 'exp-5']);
  });

  it('numbers inline rounds kept where no room was from inlineFrom', async () => {
    storeRounds([1, 4]);
    const { rounds } = await readRounds(
      record({ rounds: [round(2), round(3)], roundCount: 4, inlineFrom: 2 }),
      50,
    );
    expect(rounds.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    expect(rounds.map((r) => r.round.chosen[0])).toEqual(['exp-1', 'exp-2', 'exp-3', 'exp-4']);
  });

  it('numbers an old record’s inline rounds 1…n when there is no round item', async () => {
    storeRounds([]);
    const { rounds, count } = await readRounds(record({ rounds: [round(1), round(2)] }), 50);
    expect(rounds.map((r) => r.number)).toEqual([1, 2]);
    expect(count).toBe(2);
  });

  it('counts a round item newer than the record read (committed between the two reads)', async () => {
    storeRounds([1, 2, 3, 4]);
    const { rounds, count } = await readRounds(record({ roundCount: 3 }), 50);
    expect(count).toBe(4);
    expect(rounds).toHaveLength(4);
  });

  it('says whether older rounds remain: past the Query, past the count, or not at all where numbers went unused', async () => {
    storeRounds(Array.from({ length: 60 }, (_, i) => i + 1));
    expect((await readRounds(record({ roundCount: 60 }), 50)).more).toBe(true);
    expect((await readRounds(record({ roundCount: 60 }), 50, { before: 11 })).more).toBe(false);
    storeRounds([1, 2, 3]);
    expect((await readRounds(record({ roundCount: 3 }), 50)).more).toBe(false);
    // The latest 2 of 3, all read in one page: round 1 is left.
    expect((await readRounds(record({ roundCount: 3 }), 2)).more).toBe(true);
    // Rounds numbered from 4 with nothing below (an older release's rewrite left 1…3 unused): none remain.
    storeRounds([4, 5]);
    const { rounds, more } = await readRounds(record({ roundCount: 5 }), 50);
    expect(rounds.map((r) => r.number)).toEqual([4, 5]);
    expect(more).toBe(false);
  });

  it('reads the newest round item’s number with one consistent item, newest first', async () => {
    const inputs = storeRounds([1, 2, 7]);
    expect(await newestRoundNumber(projectId)).toBe(7);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ ConsistentRead: true, ScanIndexForward: false, Limit: 1 });
    expect(inputs[0]?.KeyConditionExpression).toContain('begins_with');
    expect(inputs[0]?.ExpressionAttributeValues).toMatchObject({ ':prefix': keys.evaluationRoundPrefix });
    storeRounds([]);
    expect(await newestRoundNumber(projectId)).toBeUndefined();
  });

  it('pages back: only rounds numbered below `before`, the latest of them, counted as before', async () => {
    const inputs = storeRounds(Array.from({ length: 60 }, (_, i) => i + 1));
    const { rounds, count } = await readRounds(record({ roundCount: 60 }), 50, { before: 11 });
    expect(rounds.map((r) => r.number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(count).toBe(60);
    // The newest of all read on its own (one item), then the rounds below 11 from the key condition.
    expect(inputs[0]).toMatchObject({ Limit: 1, ScanIndexForward: false });
    expect(inputs[1]?.ExpressionAttributeValues).toMatchObject({
      ':to': keys.evaluationRound(projectId, 10).sk,
    });
    const older = await readRounds(record({ roundCount: 60 }), 50, { before: 1 });
    expect(older.rounds).toEqual([]);
  });

  it('pages back through inline rounds appended after the items by their numbers', async () => {
    storeRounds([1, 2, 3]);
    const { rounds } = await readRounds(record({ rounds: [round(4), round(5)] }), 50, { before: 5 });
    expect(rounds.map((r) => [r.number, r.round.chosen[0]])).toEqual([
      [1, 'exp-1'],
      [2, 'exp-2'],
      [3, 'exp-3'],
      [4, 'exp-4'],
    ]);
  });

  it('stops adding older rounds where their explanation lines would pass the limit, always the newest', async () => {
    const lined = (n: number, lines: number) => ({
      ...roundItem(n),
      explanations: Array.from({ length: lines }, (_, i) => ({
        expertId: `exp-${String(i).padStart(4, '0')}`,
        decision: 'chosen' as const,
        reason: 'chosen',
      })),
    });
    const items = [lined(1, 1), lined(2, 2), lined(3, 3), lined(4, 4)];
    ddb.on(QueryCommand).callsFake(() => ({ Items: [...items].reverse() }));
    const within = async (lines: number) =>
      (await readRounds(record({ roundCount: 4 }), 50, { lines })).rounds.map((r) => r.number);
    expect(await within(7)).toEqual([3, 4]);
    expect(await within(9)).toEqual([2, 3, 4]);
    // An older round that would pass the limit ends the answer even if an older one still fits.
    expect(await within(8)).toEqual([3, 4]);
    expect(await within(2)).toEqual([4]);
  });
});
