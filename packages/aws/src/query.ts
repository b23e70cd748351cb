import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients.js';
import { config } from './config.js';

type Item = Record<string, unknown>;

/** One Query's key condition: a partition (of the table or an index) and an optional sort-key prefix. */
export interface PartitionQuery {
  /** Omit for the table itself. */
  indexName?: string;
  partitionAttribute: string;
  partitionValue: string;
  /** Only items whose sort key begins with this. */
  sortPrefix?: { attribute: string; value: string };
  consistentRead?: boolean;
  newestFirst?: boolean;
}

/** Pure: the QueryCommand input for a partition query (unit-tested without the network). */
export function partitionQueryInput(
  tableName: string,
  query: PartitionQuery,
  exclusiveStart?: Item,
): QueryCommandInput {
  const names: Record<string, string> = { '#pk': query.partitionAttribute };
  const values: Record<string, unknown> = { ':pk': query.partitionValue };
  let condition = '#pk = :pk';
  if (query.sortPrefix) {
    names['#sk'] = query.sortPrefix.attribute;
    values[':prefix'] = query.sortPrefix.value;
    condition += ' AND begins_with(#sk, :prefix)';
  }
  return {
    TableName: tableName,
    ...(query.indexName ? { IndexName: query.indexName } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(query.consistentRead ? { ConsistentRead: true } : {}),
    ...(query.newestFirst ? { ScanIndexForward: false } : {}),
    ...(exclusiveStart ? { ExclusiveStartKey: exclusiveStart } : {}),
  };
}

/**
 * Every item of a partition, following `LastEvaluatedKey` to the end. For partitions known to stay small (a
 * project's rows, a role's profiles, a staff member's digest); user-facing listings page with `queryListing`.
 */
export async function queryAll(
  query: PartitionQuery,
  options: { client?: DynamoDBDocumentClient; tableName?: string } = {},
): Promise<Item[]> {
  const client = options.client ?? documentClient;
  const tableName = options.tableName ?? config().tableName;
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new QueryCommand(partitionQueryInput(tableName, query, start)));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
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
 * Newest first over one GSI partition, `limit` items per page, each item parsed by `parse`. With a filter,
 * DynamoDB may return fewer matches than evaluated, so pages are read until `limit` matches are found; the
 * cursor is then the last returned item's own key (not DynamoDB's LastEvaluatedKey), so the next page starts
 * right after it.
 */
export async function queryListing<T>(
  listing: ListingQuery,
  limit: number,
  start: Record<string, unknown> | undefined,
  parse: (item: Item) => T,
): Promise<Page<T>> {
  const items: Item[] = [];
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
  return { items: returned.map(parse), ...(next ? { next } : {}) };
}
