import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  defaultVersion,
  type EvaluationRecord,
  NotFoundError,
  type ReviewRecord,
} from '@wuhan/domain';
import { ProblemError } from '@wuhan/middleware';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { reviewDueDeadlineId, reviewOverdueDeadlineId } from './assign.js';
import { declineReview, submitReview } from './reviews.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const now = new Date('2026-03-10T02:00:00Z');
const expert: Caller = {
  principal: { role: 'expert', ownerId: 'exp-a', keyId: 'key_a' },
  correlationId: 'cor-1',
  now,
};
const all = (s: number) => ({
  demand: s,
  disruptiveness: s,
  producibility: s,
  plan: s,
  capability: s,
  returns: s,
  risk: s,
});
const assigned: ReviewRecord = {
  projectId: 'prj_q',
  expertId: 'exp-a',
  state: 'assigned',
  assignedAt: '2026-03-02T02:00:00.000Z',
  dueOn: '2026-03-16',
  chosenBecause: 'works in quantum',
  revision: 0,
};
const open: EvaluationRecord = { projectId: 'prj_q', state: 'open', version: 1, rounds: [] };
const pendingDeadline = (id: string) => ({
  ...keys.deadline(id),
  id,
  eventType: 'evaluation.review_due',
  dueAt: '2026-03-16T01:00:00.000Z',
  subject: { kind: 'project', id: 'prj_q' },
  payload: {},
  correlationId: 'cor-0',
  state: 'pending',
  setAt: '2026-03-02T02:00:00.000Z',
});

function arrange(review: ReviewRecord | undefined, record: EvaluationRecord = open) {
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.review('prj_q', 'exp-a') }).resolves(review ? { Item: review } : {});
  ddb.on(GetCommand, { Key: keys.evaluation('prj_q') }).resolves({ Item: record });
  for (const id of [reviewDueDeadlineId('prj_q', 'exp-a'), reviewOverdueDeadlineId('prj_q', 'exp-a')]) {
    ddb.on(GetCommand, { Key: keys.deadline(id) }).resolves({ Item: pendingDeadline(id) });
  }
  ddb.on(QueryCommand).resolves({ Items: [defaultVersion('evaluation', new Date('2025-01-25T00:00:00Z'))] });
  ddb.on(TransactWriteCommand).resolves({});
}

type Item = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const sent = (): Item[] => ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
const eventTypes = (items: Item[]) =>
  items.flatMap((i) =>
    i.Put?.Item?.entity === 'history' ? [(i.Put.Item.event as { type: string }).type] : [],
  );

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('an expert submits a review', () => {
  it('records it on the revision read, while the evaluation is open, and cancels the reminder and replacement', async () => {
    arrange(assigned);
    const answer = await submitReview('prj_q', { scores: all(4), conflictOfInterest: false }, expert);
    expect(answer).toMatchObject({ state: 'submitted', revision: 1 });
    const items = sent();
    const update = items.find((i) => i.Update?.Key?.sk === 'REVIEW#exp-a')?.Update;
    expect(update?.ConditionExpression).toBe('revision = :read AND #state IN (:assigned, :submitted)');
    expect(update?.ExpressionAttributeValues).toMatchObject({ ':read': 0, ':next': 1, ':scores': all(4) });
    const cancelled = items
      .filter((i) => i.Update?.Key?.pk?.startsWith('DEADLINE#'))
      .map((i) => i.Update?.Key?.pk);
    expect(cancelled.sort()).toEqual([
      `DEADLINE#${reviewDueDeadlineId('prj_q', 'exp-a')}`,
      `DEADLINE#${reviewOverdueDeadlineId('prj_q', 'exp-a')}`,
    ]);
    expect(items.find((i) => i.ConditionCheck)?.ConditionCheck?.Key).toEqual(keys.evaluation('prj_q'));
    expect(eventTypes(items)).toEqual(['evaluation.review_submitted']);
  });

  it('is 404 for an expert the project is not assigned to, or who withdrew', async () => {
    arrange(undefined);
    await expect(
      submitReview('prj_q', { scores: all(4), conflictOfInterest: false }, expert),
    ).rejects.toThrow(NotFoundError);
    ddb.reset();
    arrange({ ...assigned, state: 'withdrawn', withdrawalReason: 'declined' });
    await expect(
      submitReview('prj_q', { scores: all(4), conflictOfInterest: false }, expert),
    ).rejects.toThrow(NotFoundError);
  });

  it('is 409 once the evaluation closed', async () => {
    arrange({ ...assigned, state: 'submitted', revision: 1, scores: all(4) }, { ...open, state: 'closed' });
    await expect(
      submitReview('prj_q', { scores: all(5), conflictOfInterest: false }, expert),
    ).rejects.toThrow(ConflictError);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a score off the half-point scale, naming the dimension, and writes nothing', async () => {
    arrange(assigned);
    const error = await submitReview(
      'prj_q',
      { scores: { ...all(4), plan: 4.2 }, conflictOfInterest: false },
      expert,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ extensions: { errors: [{ field: 'body.scores.plan' }] } });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 409 to the second of two submissions at once (its revision condition failed)', async () => {
    arrange(assigned);
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'ConditionalCheckFailed' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
        ],
      }),
    );
    await expect(
      submitReview('prj_q', { scores: all(4), conflictOfInterest: false }, expert),
    ).rejects.toThrow(ConflictError);
  });

  it('withdraws the expert who declares a conflict of interest: slot freed, deadlines cancelled, replacement asked for', async () => {
    arrange(assigned);
    expect(await submitReview('prj_q', { scores: all(4), conflictOfInterest: true }, expert)).toMatchObject({
      state: 'withdrawn',
    });
    const items = sent();
    expect(
      items.find((i) => i.Update?.Key?.sk === 'REVIEW#exp-a')?.Update?.ExpressionAttributeValues,
    ).toMatchObject({
      ':reason': 'conflict_of_interest',
    });
    expect(items.some((i) => i.Update?.UpdateExpression === 'ADD openReviews :minus')).toBe(true);
    expect(eventTypes(items)).toEqual(['evaluation.review_withdrawn']);
  });

  it('declining withdraws the same way', async () => {
    arrange(assigned);
    expect(await declineReview('prj_q', expert)).toMatchObject({ state: 'withdrawn' });
    expect(
      sent().find((i) => i.Update?.Key?.sk === 'REVIEW#exp-a')?.Update?.ExpressionAttributeValues,
    ).toMatchObject({
      ':reason': 'declined',
    });
  });

  it('keeps what the expert says when declining, on the review and in the event staff read', async () => {
    arrange(assigned);
    await declineReview('prj_q', expert, '本人近期出差，无法按期完成');
    const review = sent().find((i) => i.Update?.Key?.sk === 'REVIEW#exp-a')?.Update;
    expect(review?.UpdateExpression).toContain('withdrawalNote = :note');
    expect(review?.ExpressionAttributeValues).toMatchObject({ ':note': '本人近期出差，无法按期完成' });
    const withdrawn = sent()
      .flatMap((i) =>
        i.Put?.Item?.entity === 'history' ? [i.Put.Item.event as { data: Record<string, unknown> }] : [],
      )
      .at(0);
    expect(withdrawn?.data).toMatchObject({ reason: 'declined', note: '本人近期出差，无法按期完成' });
  });
});
