import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { hydrateSettled, tableKeyOf } from '@wuhan/aws';

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Reads one item by key; the reads asked for in one turn of the event loop share BatchGetItem requests. */
export type ReadItem = (key: ItemKey) => Promise<Record<string, unknown> | undefined>;

interface Waiting {
  key: ItemKey;
  resolve(item: Record<string, unknown> | undefined): void;
  reject(error: unknown): void;
}

/**
 * Issue 13: the records of a batch run in parallel and each used to read its recipients' profiles and its staff's
 * preferences with requests of its own (ten nominations: twenty GetItem and ten BatchGetItem at the same moment,
 * queueing in front of each other and of the intake's writes). Here every read asked for before the event loop
 * turns is collected and read through `hydrateSettled` (packages/aws/src/query.ts): one BatchGetItem per 100
 * distinct keys, keys DynamoDB leaves unprocessed asked again with jittered backoff, same eventually consistent
 * reads as GetItem. A key asked for twice (the same partner in two records) is read once.
 *
 * A key still unprocessed after every attempt fails only the reads of that key (their records are retried with
 * their backoff); the others get their items. Trade-off: a request that fails outright (an error, not
 * unprocessed keys) fails every read that waited on it, where separate GetItems might have failed one record alone.
 */
export function batchedReads(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { sleep?: (ms: number) => Promise<void> } = {},
): ReadItem {
  let collecting: Map<string, Waiting[]> | undefined;

  const flush = async (waiting: ReadonlyMap<string, Waiting[]>) => {
    const keys = [...waiting.values()].flatMap((list) => (list[0] ? [{ ...list[0].key }] : []));
    try {
      const { items, unprocessed } = await hydrateSettled(keys, { client, tableName, ...options });
      const found = new Map(items.map((item) => [tableKeyOf(item), item]));
      const left = new Set(unprocessed.map(tableKeyOf));
      for (const [id, list] of waiting) {
        for (const w of list) {
          // Not read is not missing: a waiter must not take an unprocessed key for an item that does not exist.
          if (left.has(id)) w.reject(new Error(`BatchGetItem left ${w.key.pk} ${w.key.sk} unprocessed`));
          else w.resolve(found.get(id));
        }
      }
    } catch (error) {
      for (const list of waiting.values()) for (const w of list) w.reject(error);
    }
  };

  return (key) =>
    new Promise((resolve, reject) => {
      if (!collecting) {
        const batch = new Map<string, Waiting[]>();
        collecting = batch;
        // The records of a batch reach their reads through promise continuations only: one macrotask turn
        // later, all of them have asked.
        setImmediate(() => {
          collecting = undefined;
          void flush(batch);
        });
      }
      const id = tableKeyOf(key);
      const list = collecting.get(id) ?? [];
      list.push({ key, resolve, reject });
      collecting.set(id, list);
    });
}
