import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import type { AssignmentRound, EvaluationRecord } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readRounds } from './store.js';

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
    const ordered = input.ScanIndexForward === false ? [...items].reverse() : items;
    const after = input.ExclusiveStartKey?.sk;
    const from = after === undefined ? 0 : ordered.findIndex((i) => i.sk === after) + 1;
    const page = ordered.slice(from, from + Math.min(input.Limit ?? Infinity, 7));
    const last = page.at(-1);
    return {
      Items: page,
      ...(last && from + page.length < ordered.length
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

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('reading an evaluation’s assignment rounds', () => {
  it('answers every round item oldest first, read strongly consistent, newest first from the table', async () => {
    const inputs = storeRounds([1, 2, 3]);
    const rounds = await readRounds(record({ roundCount: 3 }), 50);
    expect(rounds.map((r) => r.chosen[0])).toEqual(['exp-1', 'exp-2', 'exp-3']);
    // The answer is the round as it was always answered: no keys, no item bookkeeping.
    expect(rounds[0]).toEqual(round(1));
    expect(inputs[0]).toMatchObject({ ConsistentRead: true, ScanIndexForward: false });
    expect(inputs[0]?.ExpressionAttributeValues).toMatchObject({ ':pk': `PROJECT#${projectId}` });
  });

  it('answers the latest 50 of 60, oldest first, over several pages', async () => {
    storeRounds(Array.from({ length: 60 }, (_, i) => i + 1));
    const rounds = await readRounds(record({ roundCount: 60 }), 50);
    expect(rounds).toHaveLength(50);
    expect(rounds[0]?.chosen).toEqual(['exp-11']);
    expect(rounds.at(-1)?.chosen).toEqual(['exp-60']);
  });

  it('answers an older record’s inline rounds first (numbered 1…n), then the round items after them', async () => {
    storeRounds([3, 4]);
    const rounds = await readRounds(record({ rounds: [round(1), round(2)] }), 50);
    expect(rounds.map((r) => r.chosen[0])).toEqual(['exp-1', 'exp-2', 'exp-3', 'exp-4']);
  });

  it('answers an inline round once, even if a round item carries its number', async () => {
    storeRounds([2, 3]);
    const rounds = await readRounds(record({ rounds: [round(1), round(2)] }), 50);
    expect(rounds.map((r) => r.chosen[0])).toEqual(['exp-1', 'exp-2', 'exp-3']);
  });

  it('fills the latest N from the inline rounds when the items are fewer', async () => {
    storeRounds([4, 5]);
    const rounds = await readRounds(record({ rounds: [round(1), round(2), round(3)] }), 3);
    expect(rounds.map((r) => r.chosen[0])).toEqual(['exp-3', 'exp-4', 'exp-5']);
  });
});
