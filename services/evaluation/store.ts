import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  config,
  documentClient,
  getProfile,
  keys,
  partitionQueryInput,
  queryAll,
  recommendationsOf,
} from '@wuhan/aws';
import {
  type AssignmentRound,
  type EvaluationRecord,
  evaluationRecord,
  evaluationRoundRecord,
  expandRound,
  type ReviewRecord,
  recommendingPartners,
  reviewRecord,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { roundNumbers } from './items.js';

/** The evaluation's reads, strongly consistent: each decision is taken on the latest writes. */
export async function readEvaluation(projectId: string): Promise<EvaluationRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: keys.evaluation(projectId), ConsistentRead: true }),
  );
  return Item ? evaluationRecord.parse(Item) : undefined;
}

export async function readReviews(projectId: string): Promise<ReviewRecord[]> {
  const items = await queryAll({
    partitionAttribute: 'pk',
    partitionValue: keys.evaluation(projectId).pk,
    sortPrefix: { attribute: 'sk', value: keys.reviewPrefix },
    consistentRead: true,
  });
  return items.map((item) => reviewRecord.parse(item));
}

/** The recommending partners' organisations (their profile's organisation, else its name: a partner's own name). */
export async function partnerOrganizations(projectId: string): Promise<string[]> {
  const ids = recommendingPartners(await recommendationsOf(projectId));
  const profiles = await Promise.all(ids.map((id) => getProfile('partner', id)));
  return profiles.flatMap((p) => (p ? [p.organization ?? p.name] : []));
}

/** The round items, newest first; paging back (`before`), only those numbered below it (a range on the key). */
const roundsQuery = (projectId: string, before?: number) => {
  const partition = { partitionAttribute: 'pk', partitionValue: keys.evaluation(projectId).pk };
  const range =
    before === undefined
      ? { sortPrefix: { attribute: 'sk', value: keys.evaluationRoundPrefix } }
      : {
          sortBetween: {
            attribute: 'sk',
            from: keys.evaluationRound(projectId, 1).sk,
            to: keys.evaluationRound(projectId, Math.max(1, before - 1)).sk,
          },
        };
  return { ...partition, ...range, consistentRead: true, newestFirst: true };
};

const roundNumber = z.object({ round: z.number().check(z.int(), z.positive()) });

/**
 * The number of the newest round item (none: undefined), strongly consistent, one item read: the assignment
 * numbers its round after it as well as after the record's `roundCount`, since a record the release before the
 * round items rewrote has lost `roundCount` (items.ts `roundNumbers`).
 */
export async function newestRoundNumber(projectId: string): Promise<number | undefined> {
  const { Items } = await documentClient.send(
    new QueryCommand({ ...partitionQueryInput(config().tableName, roundsQuery(projectId)), Limit: 1 }),
  );
  const newest = Items?.[0];
  return newest ? roundNumber.parse(newest).round : undefined;
}

export interface NumberedRound {
  number: number;
  round: AssignmentRound;
}

export interface RoundsWanted {
  /** Only rounds numbered below this (paging back through a long history). */
  before?: number;
  /**
   * At most this many explanation lines in all (a round has one per candidate of the pool, ≈ 150 B each, so the
   * rounds alone do not bound the answer under Lambda's 6 MB): older rounds stop where the next would pass it. The
   * newest round wanted is answered whatever its size.
   */
  lines?: number;
}

/**
 * The latest `limit` assignment rounds of a record (below `wanted.before`, within `wanted.lines`), oldest first by
 * their number, strongly consistent, with `count`, the number of the newest round known (the record's
 * `roundCount`, or a newer round item read in the meantime). The rounds a record still holds inline take the
 * numbers `roundNumbers` gives them (legacy rounds before the items, rounds an older release appended after them),
 * known once the newest item is read. Read newest first, so a long history costs the rounds answered, not all.
 */
export async function readRounds(
  record: EvaluationRecord,
  limit: number,
  wanted: RoundsWanted = {},
): Promise<{ rounds: NumberedRound[]; count: number; more: boolean }> {
  const { before } = wanted;
  const inline = record.rounds ?? [];
  const fromItems: NumberedRound[] = [];
  // Paging back, the first page's newest item is not the newest of all: that is read on its own.
  let newestItem = before === undefined ? undefined : await newestRoundNumber(record.projectId);
  let firstInline = roundNumbers(record, newestItem).firstInline;
  let start: Record<string, unknown> | undefined;
  let first = before === undefined;
  do {
    if (before !== undefined && before <= 1) break;
    const page = await documentClient.send(
      new QueryCommand({
        ...partitionQueryInput(config().tableName, roundsQuery(record.projectId, before), start),
        Limit: limit - fromItems.length,
      }),
    );
    const stored = (page.Items ?? []).map((item) => evaluationRoundRecord.parse(item));
    if (first) {
      newestItem = stored[0]?.round;
      firstInline = roundNumbers(record, newestItem).firstInline;
      first = false;
    }
    for (const item of stored) {
      // A round moved out of the record in the transaction that dropped it from there: never both, but a round
      // numbered among the inline ones is the same round, answered once.
      if (item.round < firstInline || item.round >= firstInline + inline.length) {
        fromItems.push({ number: item.round, round: expandRound(item) });
      }
    }
    start = page.LastEvaluatedKey;
  } while (start && fromItems.length < limit);
  const known = [...fromItems, ...inline.map((round, i) => ({ number: firstInline + i, round }))]
    .filter((r) => before === undefined || r.number < before)
    .sort((a, b) => b.number - a.number);
  const newestFirst = known.slice(0, limit);
  const answered: NumberedRound[] = [];
  let lines = 0;
  for (const r of newestFirst) {
    lines += r.round.explanations.length;
    if (answered.length > 0 && wanted.lines !== undefined && lines > wanted.lines) break;
    answered.push(r);
  }
  // Older rounds exist where the Query stopped before the end of the items, or the count or the lines left some
  // of those read out: a gap in the numbers (see roundNumbers) is not taken for rounds to page back to.
  const more = start !== undefined || known.length > answered.length;
  return { rounds: answered.reverse(), count: roundNumbers(record, newestItem).next - 1, more };
}
