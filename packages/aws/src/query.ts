import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients.js';
import { config } from './config.js';

type Item = Record<string, unknown>;

/*
 * The GSIs project keys only (plus, on some, the few small attributes a listing filters on: see the topology's
 * `table.gsis`), so a write copies a few hundred bytes to an index instead of the whole item, and an update of
 * an attribute no index projects writes no index at all (issue 13). Every read of an index therefore goes
 * through `queryIndex` here: the index answers with table keys in its order, and `hydrate` reads the items
 * themselves from the table. Callers parse what comes back with their own schemas, as before. (One caller,
 * `commissionersOf`, takes the keys alone from `queryIndexKeys` and hydrates them itself, to overlap that read.)
 */

/** Where an item must still be listed: the index partition it was found in. */
export interface StillListed {
  attribute: string;
  value: string;
}

export interface HydrateOptions {
  client?: DynamoDBDocumentClient;
  tableName?: string;
  /** Read the items strongly consistent (the index itself never is). */
  consistent?: boolean;
  /**
   * Drop an item whose attribute no longer holds this value: it left the listing (a project changed status, a
   * profile was deactivated, a deadline fired) after the index was read but before the item was.
   */
  stillListed?: StillListed;
  /**
   * Read only these attributes of each item (a `ProjectionExpression`); `pk` and `sk` are always read, since
   * the answers are matched to the keys by them. A `stillListed` attribute must be among them.
   */
  projection?: readonly string[];
  /** Waits between attempts at unprocessed keys; injectable so unit tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

/** BatchGetItem's limit per request. */
const BATCH_GET_LIMIT = 100;
/** Attempts at keys BatchGetItem left unprocessed (throttling, 16 MB), with growing waits between them. */
const UNPROCESSED_ATTEMPTS = 8;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/**
 * One item's table key as a string, for maps keyed by item: a NUL between the two, which no key built in keys.ts
 * contains, so no two keys collide (with a printable separator, pk `A|B` sk `C` and pk `A` sk `B|C` would).
 */
export const tableKeyOf = (item: { pk?: unknown; sk?: unknown }) =>
  `${String(item.pk)}\u0000${String(item.sk)}`;

/**
 * Exponential backoff with full jitter, as the AWS SDK's own retries: attempt n waits up to 25·2ⁿ ms (50, 100,
 * 200 … from the first retry), capped at 1 s, so the 7 waits of 8 attempts stay under ≈ 3.6 s in all.
 */
export function unprocessedBackoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(1000, 25 * 2 ** attempt));
}

/** A projection of these attributes and the table keys, every name through a placeholder (reserved words). */
function projectionOf(attributes: readonly string[]) {
  const names = [...new Set(['pk', 'sk', ...attributes])];
  return {
    ProjectionExpression: names.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#p${i}`, name])),
  };
}

/**
 * Reads one chunk (≤ 100 keys), asking again for whatever DynamoDB left unprocessed, with backoff; the keys still
 * unprocessed after the last attempt are returned as such, never dropped silently.
 */
async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  chunk: Item[],
  consistent: boolean,
  projection: readonly string[] | undefined,
  sleep: (ms: number) => Promise<void>,
): Promise<{ found: Item[]; unprocessed: Item[] }> {
  const projected = projection ? projectionOf(projection) : {};
  const found: Item[] = [];
  let pending: Item[] = chunk;
  for (let attempt = 0; pending.length > 0 && attempt < UNPROCESSED_ATTEMPTS; attempt++) {
    if (attempt > 0) await sleep(unprocessedBackoffMs(attempt));
    const out = await client.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: { Keys: pending, ...projected, ...(consistent ? { ConsistentRead: true } : {}) },
        },
      }),
    );
    found.push(...(out.Responses?.[tableName] ?? []));
    pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return { found, unprocessed: pending };
}

export interface SettledHydration {
  /** The items read, in the order given (as `hydrate`). */
  items: Item[];
  /** The keys (`pk`, `sk`) DynamoDB still left unprocessed after every attempt: neither found nor known missing. */
  unprocessed: Item[];
}

/**
 * As `hydrate`, but keys left unprocessed after every attempt are returned apart instead of failing the whole
 * read, so a caller reading for several waiters (notification's batched reads) fails only the ones whose key
 * was not read, and keeps the items that were.
 */
export function hydrateSettled(
  indexItems: readonly Item[],
  options: HydrateOptions = {},
): Promise<SettledHydration> {
  return hydrateChunks(indexItems, options, false);
}

/** `stopAtUnprocessed`: `hydrate` fails anyway, so the chunks after one left unprocessed are not read (throttled). */
async function hydrateChunks(
  indexItems: readonly Item[],
  options: HydrateOptions,
  stopAtUnprocessed: boolean,
): Promise<SettledHydration> {
  if (indexItems.length === 0) return { items: [], unprocessed: [] };
  const client = options.client ?? documentClient;
  const tableName = options.tableName ?? config().tableName;
  const sleep = options.sleep ?? defaultSleep;
  const unique = new Map<string, Item>();
  for (const item of indexItems) unique.set(tableKeyOf(item), { pk: item.pk, sk: item.sk });
  const keys = [...unique.values()];
  const byKey = new Map<string, Item>();
  const unprocessed: Item[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
    const chunk = keys.slice(i, i + BATCH_GET_LIMIT);
    const consistent = options.consistent ?? false;
    const read = await batchGet(client, tableName, chunk, consistent, options.projection, sleep);
    for (const item of read.found) byKey.set(tableKeyOf(item), item);
    unprocessed.push(...read.unprocessed);
    if (stopAtUnprocessed && unprocessed.length > 0) break;
  }
  const listed = options.stillListed;
  const items = indexItems.flatMap((indexItem) => {
    const item = byKey.get(tableKeyOf(indexItem));
    if (!item) return [];
    if (listed && item[listed.attribute] !== listed.value) return [];
    return [item];
  });
  return { items, unprocessed };
}

/**
 * The table items behind index items (or any items carrying `pk` and `sk`), in the order given. An item deleted
 * in between is missing from the answer and dropped; with `stillListed`, so is one that left the listing. Keys
 * still unprocessed after every attempt fail the read (never an answer with items silently missing).
 */
export async function hydrate(indexItems: readonly Item[], options: HydrateOptions = {}): Promise<Item[]> {
  const { items, unprocessed } = await hydrateChunks(indexItems, options, true);
  if (unprocessed.length > 0) {
    throw new Error(
      `BatchGetItem left ${unprocessed.length} keys unprocessed after ${UNPROCESSED_ATTEMPTS} attempts`,
    );
  }
  return items;
}

export interface IndexPage {
  /** The table items, in the index's order. */
  items: Item[];
  /** The index items as the index returned them (keys, and what the index projects): cursors are built from these. */
  listed: Item[];
  lastEvaluatedKey?: Item;
}

/** One Query of an index (`input.IndexName` is required), its page of keys hydrated from the table. */
export async function queryIndex(input: QueryCommandInput, options: HydrateOptions = {}): Promise<IndexPage> {
  if (!input.IndexName) throw new Error('queryIndex reads an index: IndexName is required');
  const client = options.client ?? documentClient;
  const page = await client.send(new QueryCommand(input));
  const listed = page.Items ?? [];
  const items = await hydrate(listed, {
    ...options,
    client,
    tableName: options.tableName ?? input.TableName,
  });
  return { items, listed, ...(page.LastEvaluatedKey ? { lastEvaluatedKey: page.LastEvaluatedKey } : {}) };
}

/** One Query's key condition: a partition (of the table or an index) and an optional sort-key prefix. */
export interface PartitionQuery {
  /** Omit for the table itself. */
  indexName?: string;
  partitionAttribute: string;
  partitionValue: string;
  /** Only items whose sort key begins with this. */
  sortPrefix?: { attribute: string; value: string };
  /** Only items whose sort key lies between these two, both included (not with `sortPrefix`). */
  sortBetween?: { attribute: string; from: string; to: string };
  /**
   * On the table, a strongly consistent Query. On an index (never consistent itself), the items are then read
   * strongly consistent from the table.
   */
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
  } else if (query.sortBetween) {
    names['#sk'] = query.sortBetween.attribute;
    values[':from'] = query.sortBetween.from;
    values[':to'] = query.sortBetween.to;
    condition += ' AND #sk BETWEEN :from AND :to';
  }
  return {
    TableName: tableName,
    ...(query.indexName ? { IndexName: query.indexName } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(query.consistentRead && !query.indexName ? { ConsistentRead: true } : {}),
    ...(query.newestFirst ? { ScanIndexForward: false } : {}),
    ...(exclusiveStart ? { ExclusiveStartKey: exclusiveStart } : {}),
  };
}

/** Every item one partition's Query answers (the table's items, or an index's keys), following every page. */
async function everyPage(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: PartitionQuery,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new QueryCommand(partitionQueryInput(tableName, query, start)));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Every item of a partition, following `LastEvaluatedKey` to the end. For partitions known to stay small (a
 * project's rows, a role's profiles, a staff member's digest); user-facing listings page with `queryListing`.
 * An index partition's items are read from the table (`hydrate`), minus those that left it in between.
 */
export async function queryAll(
  query: PartitionQuery,
  options: { client?: DynamoDBDocumentClient; tableName?: string } = {},
): Promise<Item[]> {
  const client = options.client ?? documentClient;
  const tableName = options.tableName ?? config().tableName;
  if (!query.indexName) return everyPage(client, tableName, query);
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await queryIndex(partitionQueryInput(tableName, query, start), {
      client,
      tableName,
      consistent: query.consistentRead ?? false,
      stillListed: { attribute: query.partitionAttribute, value: query.partitionValue },
    });
    items.push(...page.items);
    start = page.lastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The index items of one index partition (keys, and what the index projects), every page, without reading the
 * items from the table: for a caller that reads them itself (`commissionersOf` overlaps that read).
 */
export function queryIndexKeys(
  query: PartitionQuery & { indexName: string },
  options: { client?: DynamoDBDocumentClient; tableName?: string } = {},
): Promise<Item[]> {
  return everyPage(options.client ?? documentClient, options.tableName ?? config().tableName, query);
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
 * right after it. The filter runs on the index, so its attributes must be ones the index projects; the page's
 * items are then read from the table (`hydrate`).
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
  const hydrated = await hydrate(returned, {
    stillListed: { attribute: listing.partitionAttribute, value: listing.partitionValue },
  });
  return { items: hydrated.map(parse), ...(next ? { next } : {}) };
}
