import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { commissionersOf, config, documentClient, keys } from '@wuhan/aws';
import type {
  CommissionerProfile,
  District,
  Enterprise,
  Nomination,
  ProjectStatus,
  Recommendation,
  Stage,
  TechField,
} from '@wuhan/domain';
import { type DomainEvent, domainEventSchema } from '@wuhan/domain';
import { fromItem, type StoredProject } from './items.js';

/**
 * Intake's reads. Reads that decide a write are strongly consistent (the table, never a GSI), so an optimistic
 * condition built on them fails only on a real concurrent change, and a retry sees the winner's write.
 */

async function getItem(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

export async function findProjectIdByKey(hash: string): Promise<string | undefined> {
  const item = await getItem(keys.projectKey(hash));
  return item?.projectId as string | undefined;
}

export async function getProject(id: string): Promise<StoredProject | undefined> {
  const item = await getItem(keys.project(id));
  return item ? fromItem<StoredProject>(item) : undefined;
}

export async function getRecommendation(projectId: string, recommenderId: string) {
  const item = await getItem(keys.recommendation(projectId, recommenderId));
  return item ? fromItem<Recommendation>(item) : undefined;
}

export async function getNomination(id: string): Promise<Nomination | undefined> {
  const item = await getItem(keys.nomination(id));
  return item ? fromItem<Nomination>(item) : undefined;
}

export async function getEnterprise(creditCode: string): Promise<Enterprise | undefined> {
  const item = await getItem(keys.enterprise(creditCode));
  return item ? fromItem<Enterprise>(item) : undefined;
}

export async function getCommissioner(id: string): Promise<CommissionerProfile | undefined> {
  const item = await getItem(keys.principal('commissioner', id));
  return item ? fromItem<CommissionerProfile>(item) : undefined;
}

/**
 * A district's commissioners with their current open-project counts. The district listing comes from gsi1
 * (eventually consistent), so each counter is re-read from the table: the choice is made on the latest counts.
 */
export async function commissionerLoads(district: District): Promise<CommissionerProfile[]> {
  const listed = await commissionersOf(district);
  const fresh = await Promise.all(listed.map((c) => getCommissioner(c.id)));
  return fresh.filter((c): c is CommissionerProfile => c !== undefined && c.district === district);
}

/** A project's recommendations (its REC# rows), for telling every recommender of a decision. */
export async function recommendationsOf(projectId: string): Promise<Recommendation[]> {
  const out: Recommendation[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rec)',
        ExpressionAttributeValues: { ':pk': keys.project(projectId).pk, ':rec': 'REC#' },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []).map((item) => fromItem<Recommendation>(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Everything in a project's partition in one Query: the project, its recommendations and its history rows. */
export async function readProjectPartition(id: string) {
  let project: StoredProject | undefined;
  const recommendations: Recommendation[] = [];
  const history: DomainEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.project(id).pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const sk = String(item.sk);
      if (sk === 'PROJECT') project = fromItem<StoredProject>(item);
      else if (sk.startsWith('REC#')) recommendations.push(fromItem<Recommendation>(item));
      else if (sk.startsWith('EVENT#')) history.push(domainEventSchema.parse(item.event) as DomainEvent);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { project, recommendations, history };
}

export interface Page<T> {
  items: T[];
  /** The key of the last item returned, when more may follow. */
  next?: Record<string, unknown>;
}

export interface ListingQuery {
  indexName: string;
  partitionAttribute: string;
  sortAttribute: string;
  partitionValue: string;
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

/**
 * Newest first over one GSI partition, `limit` items per page. With a filter, DynamoDB may return fewer
 * matches than evaluated, so pages are read until `limit` matches are found; the cursor is then the last
 * returned item's own key (not DynamoDB's LastEvaluatedKey), so the next page starts right after it.
 */
export async function queryListing<T>(
  listing: ListingQuery,
  limit: number,
  start: Record<string, unknown> | undefined,
): Promise<Page<T>> {
  const items: Record<string, unknown>[] = [];
  let exclusiveStart = start;
  let exhausted = false;
  while (items.length < limit && !exhausted) {
    const input: QueryCommandInput = {
      TableName: config().tableName,
      IndexName: listing.indexName,
      KeyConditionExpression: '#ipk = :ipk',
      ExpressionAttributeNames: { '#ipk': listing.partitionAttribute, ...listing.filter?.names },
      ExpressionAttributeValues: { ':ipk': listing.partitionValue, ...listing.filter?.values },
      ...(listing.filter ? { FilterExpression: listing.filter.expression } : {}),
      ScanIndexForward: false,
      Limit: limit + 1,
      ExclusiveStartKey: exclusiveStart,
    };
    const page = await documentClient.send(new QueryCommand(input));
    items.push(...(page.Items ?? []));
    exclusiveStart = page.LastEvaluatedKey;
    exhausted = exclusiveStart === undefined;
  }
  const returned = items.slice(0, limit);
  const last = returned.at(-1);
  const more = items.length > limit || !exhausted;
  const next =
    more && last
      ? {
          pk: last.pk,
          sk: last.sk,
          [listing.partitionAttribute]: last[listing.partitionAttribute],
          [listing.sortAttribute]: last[listing.sortAttribute],
        }
      : undefined;
  return { items: returned.map((item) => fromItem<T>(item)), ...(next ? { next } : {}) };
}

export function nominationsListing(ownerId: string): ListingQuery {
  return {
    indexName: 'gsi1',
    partitionAttribute: 'gsi1pk',
    sortAttribute: 'gsi1sk',
    partitionValue: keys.nominationListing(ownerId, '').gsi1pk,
  };
}

export interface ProjectFilter {
  status?: ProjectStatus;
  district?: District;
  stage?: Stage;
  techField?: TechField;
}

/**
 * Which index serves a project listing: status (gsi2) is the most selective key, then district (gsi3), else
 * every project (gsi1); the other criteria filter within that partition. Always a Query, never a Scan.
 */
function indexFor(filter: ProjectFilter): Omit<ListingQuery, 'filter'> {
  if (filter.status) {
    const { gsi2pk } = keys.projectStatusListing('', filter.status);
    return {
      indexName: 'gsi2',
      partitionAttribute: 'gsi2pk',
      sortAttribute: 'gsi2sk',
      partitionValue: gsi2pk,
    };
  }
  if (filter.district) {
    const { gsi3pk } = keys.projectListing('', 'nominated', filter.district);
    return {
      indexName: 'gsi3',
      partitionAttribute: 'gsi3pk',
      sortAttribute: 'gsi3sk',
      partitionValue: gsi3pk,
    };
  }
  const { gsi1pk } = keys.projectListing('', 'nominated', 'jiangan');
  return { indexName: 'gsi1', partitionAttribute: 'gsi1pk', sortAttribute: 'gsi1sk', partitionValue: gsi1pk };
}

/**
 * Which index serves a project listing: status (gsi2) is the most selective key, then district (gsi3), else
 * every project (gsi1); the other criteria filter within that partition. Always a Query, never a Scan.
 */
export function projectsListing(filter: ProjectFilter): ListingQuery {
  const base = indexFor(filter);
  const remaining: Record<string, string> = {};
  if (filter.status && filter.district) remaining.district = filter.district;
  if (filter.stage) remaining.stage = filter.stage;
  if (filter.techField) remaining.techField = filter.techField;
  const entries = Object.entries(remaining);
  if (entries.length === 0) return base;
  return {
    ...base,
    filter: {
      expression: entries.map((_, i) => `#f${i} = :f${i}`).join(' AND '),
      names: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
      values: Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, value])),
    },
  };
}
