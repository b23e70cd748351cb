import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config, documentClient, getProfile, keys, queryAll, recommendationsOf } from '@wuhan/aws';
import {
  type EvaluationRecord,
  evaluationRecord,
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
