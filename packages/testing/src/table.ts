import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { StackInfo } from '@wuhan/local-stack';
import { testDocumentClient } from './clients.js';

type Item = Record<string, unknown>;
type Info = Pick<StackInfo, 'dynamodbEndpoint' | 'region' | 'tableName'>;

/** Every item of the table (a Scan: acceptable in tests, never in product code). */
export async function scanTable(info: Info, filter?: (item: Item) => boolean): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await testDocumentClient(info).send(
      new ScanCommand({ TableName: info.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey as Item | undefined;
  } while (start);
  return filter ? items.filter(filter) : items;
}

/** Items whose partition key starts with `prefix` (`PROJECT#`, `NOMINATION#`…). */
export function scanByPrefix(info: Info, prefix: string): Promise<Item[]> {
  return scanTable(info, (item) => String(item.pk ?? '').startsWith(prefix));
}

/**
 * Every stored event's one row: its subject's history row (`entity = history`), which is also what the relay's
 * stream filter publishes (issue 13: there is no separate outbox row). Optionally only events of one type.
 */
export function eventRows(info: Info, type?: string): Promise<Item[]> {
  return scanTable(
    info,
    (item) =>
      item.entity === 'history' &&
      (type === undefined || (item.event as { type?: unknown } | undefined)?.type === type),
  );
}

export async function tableItemCount(info: Info): Promise<number> {
  return (await scanTable(info)).length;
}

/**
 * The table's keys as a set of `pk|sk`, for "nothing was written" checks. Other tests write concurrently to the
 * same table, so compare with `writtenSince` filtered to what this test could have written, not raw counts.
 */
export async function snapshotTable(info: Info): Promise<Set<string>> {
  return new Set((await scanTable(info)).map((item) => `${item.pk}|${item.sk}`));
}

/** Items present now that were not in `before`, optionally only those matching `filter`. */
export async function writtenSince(
  info: Info,
  before: Set<string>,
  filter?: (item: Item) => boolean,
): Promise<Item[]> {
  return scanTable(info, (item) => !before.has(`${item.pk}|${item.sk}`) && (!filter || filter(item)));
}
