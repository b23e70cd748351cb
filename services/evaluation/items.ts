import { keys, type TransactItem } from '@wuhan/aws';
import {
  type AssignmentRound,
  compactRound,
  type EvaluationRecord,
  type EvaluationRoundRecord,
  type ReviewRecord,
} from '@wuhan/domain';

/**
 * Pure request builders for the evaluation's items (unit-tested without the network). Each names the condition
 * that makes it safe under concurrency and redelivery; a failed condition cancels the whole transaction.
 */

/** A new review (an expert put on the panel), listed for the expert. Never overwrites: an expert is asked once. */
export function reviewPut(tableName: string, review: ReviewRecord): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.review(review.projectId, review.expertId),
        ...keys.assignedReviewListing(review.expertId, review.projectId),
        entity: 'review',
        ...review,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The expert leaves the panel (declined, conflict, overdue): off their listing, kept as the record of it. */
export function reviewWithdraw(
  tableName: string,
  projectId: string,
  expertId: string,
  reason: NonNullable<ReviewRecord['withdrawalReason']>,
  now: Date,
  from: readonly ReviewRecord['state'][] = ['assigned'],
  note?: string,
): TransactItem {
  const states = Object.fromEntries(from.map((s, i) => [`:from${i}`, s]));
  return {
    Update: {
      TableName: tableName,
      Key: keys.review(projectId, expertId),
      UpdateExpression: `SET #state = :withdrawn, withdrawnAt = :now, withdrawalReason = :reason${note ? ', withdrawalNote = :note' : ''} REMOVE gsi1pk, gsi1sk`,
      ConditionExpression: `#state IN (${Object.keys(states).join(', ')})`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':withdrawn': 'withdrawn',
        ':now': now.toISOString(),
        ':reason': reason,
        ...(note ? { ':note': note } : {}),
        ...states,
      },
    },
  };
}

/**
 * An expert's open-review counter. Taking a review is conditioned on the expert being active and below their
 * maximum at the moment of the write, so two projects assigned at once cannot overload one expert.
 */
export function expertLoadIncrement(
  tableName: string,
  expertId: string,
  maxOpenReviews: number,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.principal('expert', expertId),
      UpdateExpression: 'ADD openReviews :one',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(active) OR active = :true) AND ' +
        '(attribute_not_exists(openReviews) OR openReviews < :max)',
      ExpressionAttributeValues: { ':one': 1, ':true': true, ':max': maxOpenReviews },
    },
  };
}

/** A review closed (withdrawn, or the evaluation decided): one slot of the expert free again. */
export function expertLoadDecrement(tableName: string, expertId: string): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.principal('expert', expertId),
      UpdateExpression: 'ADD openReviews :minus',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':minus': -1 },
    },
  };
}

/**
 * The evaluation record, conditioned on the version read (absent: none yet), so two rounds decided on the same
 * state cannot both land. Listed as waiting while the panel is short of experts.
 */
export function evaluationPut(
  tableName: string,
  record: EvaluationRecord,
  readVersion: number | undefined,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.evaluation(record.projectId),
        ...(record.state === 'waiting' ? keys.waitingEvaluationListing(record.projectId) : {}),
        entity: 'evaluation',
        ...record,
        // Always present (empty when no round is inline): the release before rounds became items requires the
        // field, so it can still parse every record during a deploy or after a rollback.
        rounds: record.rounds ?? [],
      },
      ...(readVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': readVersion },
          }),
    },
  };
}

/**
 * One assignment round as its own item (compact: records.ts `compactRound`). Never overwrites: the round's
 * number comes from the record's `roundCount` and the newest round item as read (`roundNumbers`), and the
 * record's version condition in the same transaction already lets only one round take it; the condition here
 * makes a second write of the same number fail loudly rather than replace it.
 */
export function evaluationRoundPut(tableName: string, round: EvaluationRoundRecord): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.evaluationRound(round.projectId, round.round), entity: 'evaluation-round', ...round },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** DynamoDB's limit on the items of one transaction. */
export const TRANSACTION_ITEMS = 100;

/**
 * Where a record's inline rounds sit among the round items, and the next round's number (after every round the
 * record counts or the table holds, so a number is never taken twice). A record carrying `roundCount` was last
 * written by this release: its inline rounds are legacy rounds 1…n that had no room to move out (or, kept the
 * same way, from `inlineFrom`). A record without `roundCount` was last written by the release before rounds
 * became items, which drops the field and appends inline: if round items exist, its inline rounds came after the
 * newest item k (k+1…k+n); with no round item at all they are legacy rounds 1…n.
 */
export function roundNumbers(
  record: EvaluationRecord | undefined,
  newestItem: number | undefined,
): { firstInline: number; next: number } {
  const inline = record?.rounds?.length ?? 0;
  const firstInline =
    record?.roundCount !== undefined
      ? (record.inlineFrom ?? 1)
      : newestItem !== undefined
        ? newestItem + 1
        : 1;
  const last = Math.max(record?.roundCount ?? 0, newestItem ?? 0, firstInline + inline - 1);
  return { firstInline, next: last + 1 };
}

/**
 * The record moved to `next` with the round decided now, numbered after every round before it (`roundNumbers`:
 * `newestItem` is the newest round item read with the record). Rounds the record still holds inline (written
 * before the rounds became items, or appended by that release during a deploy or after a rollback) move out into
 * their own items, under the numbers `roundNumbers` gives them, in the same transaction, when `room` (the items
 * the transaction can still take) allows; otherwise they stay inline, unchanged and no longer appended to, with
 * `inlineFrom` keeping their numbers, and the reader answers them in their place. Each later assignment tries the
 * move again, so a record's inline rounds are rewritten with it until one has room, which may be never for a
 * record with more inline rounds than a transaction can take.
 */
export function evaluationWrites(
  tableName: string,
  next: Omit<EvaluationRecord, 'rounds' | 'roundCount' | 'inlineFrom'>,
  read: EvaluationRecord | undefined,
  newestItem: number | undefined,
  round: AssignmentRound,
  room: number,
): TransactItem[] {
  const inline = read?.rounds ?? [];
  const { firstInline, next: number } = roundNumbers(read, newestItem);
  const moveOut = inline.length > 0 && inline.length + 2 <= room;
  const keep = inline.length > 0 && !moveOut;
  const record: EvaluationRecord = {
    ...next,
    roundCount: number,
    rounds: keep ? inline : [],
    ...(keep && firstInline !== 1 ? { inlineFrom: firstInline } : {}),
  };
  return [
    evaluationPut(tableName, record, read?.version),
    evaluationRoundPut(tableName, { ...compactRound(round), projectId: next.projectId, round: number }),
    ...(moveOut
      ? inline.map((r, i) =>
          evaluationRoundPut(tableName, {
            ...compactRound(r),
            projectId: next.projectId,
            round: firstInline + i,
          }),
        )
      : []),
  ];
}
