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

/**
 * The latest `limit` assignment rounds of a record, oldest first, strongly consistent: the rounds an older record
 * still holds inline come first (they are numbered 1…n, every round item after them), then the round items. Read
 * newest first, so a long history costs the rounds answered, not all of them.
 */
export async function readRounds(record: EvaluationRecord, limit: number): Promise<AssignmentRound[]> {
  const inline = record.rounds ?? [];
  const newestFirst: AssignmentRound[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        ...partitionQueryInput(
          config().tableName,
          {
            partitionAttribute: 'pk',
            partitionValue: keys.evaluation(record.projectId).pk,
            sortPrefix: { attribute: 'sk', value: keys.evaluationRoundPrefix },
            consistentRead: true,
            newestFirst: true,
          },
          start,
        ),
        Limit: limit - newestFirst.length,
      }),
    );
    for (const item of page.Items ?? []) {
      const stored = evaluationRoundRecord.parse(item);
      // A round moved out of the record in the transaction that dropped it from there: never both, but a round
      // numbered among the inline ones is the same round, answered once.
      if (stored.round > inline.length) newestFirst.push(expandRound(stored));
    }
    start = page.LastEvaluatedKey;
  } while (start && newestFirst.length < limit);
  const fromItems = newestFirst.slice(0, limit).reverse();
  const fromInline = inline.slice(Math.max(0, inline.length - (limit - fromItems.length)));
  return [...fromInline, ...fromItems];
}
