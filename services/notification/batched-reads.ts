import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Reads one item by key; the reads asked for in one turn of the event loop share BatchGetItem requests. */
export type ReadItem = (key: ItemKey) => Promise<Record<string, unknown> | undefined>;

/** BatchGetItem's limit of keys per request. */
const KEYS_PER_REQUEST = 100;
/** Requests per chunk while DynamoDB returns keys unprocessed (it does under load), then those reads fail. */
const ATTEMPTS = 5;

/** DynamoDB left keys unprocessed after every attempt: transient, the records waiting on them are retried. */
export class UnprocessedReadError extends Error {
  override name = 'UnprocessedReadError';
}

interface Waiting {
  key: ItemKey;
  resolve(item: Record<string, unknown> | undefined): void;
  reject(error: unknown): void;
}

const idOf = (key: { pk?: unknown; sk?: unknown }) => `${String(key.pk)}|${String(key.sk)}`;

/**
 * Issue 13: the records of a batch run in parallel and each used to read its recipients' profiles and its staff's
 * preferences with requests of its own (ten nominations: twenty GetItem and ten BatchGetItem at the same moment,
 * queueing in front of each other and of the intake's writes). Here every read asked for before the event loop
 * turns is collected and sent as one BatchGetItem (per 100 distinct keys): same items, same eventually consistent
 * reads as GetItem, one request. A key asked for twice (the same partner in two records) is read once.
 *
 * Trade-off: a failed request fails every record that waited on it (each is retried with its backoff), where
 * separate GetItems might have failed one record alone.
 */
export function batchedReads(client: DynamoDBDocumentClient, tableName: string): ReadItem {
  let collecting: Map<string, Waiting[]> | undefined;

  const readChunk = async (ids: readonly string[], waiting: ReadonlyMap<string, Waiting[]>) => {
    const settle = (id: string, outcome: (w: Waiting) => void) => {
      for (const w of waiting.get(id) ?? []) outcome(w);
    };
    let keys = ids.map((id) => waiting.get(id)?.[0]?.key).filter((k): k is ItemKey => k !== undefined);
    try {
      for (let attempt = 0; keys.length > 0 && attempt < ATTEMPTS; attempt++) {
        const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
        const found = new Map((out.Responses?.[tableName] ?? []).map((item) => [idOf(item), item]));
        const unprocessed = new Set((out.UnprocessedKeys?.[tableName]?.Keys ?? []).map(idOf));
        for (const key of keys) {
          const id = idOf(key);
          if (!unprocessed.has(id)) settle(id, (w) => w.resolve(found.get(id)));
        }
        keys = keys.filter((key) => unprocessed.has(idOf(key)));
      }
    } catch (error) {
      for (const key of keys) settle(idOf(key), (w) => w.reject(error));
      return;
    }
    for (const key of keys) {
      settle(idOf(key), (w) => w.reject(new UnprocessedReadError(`${idOf(key)} left unprocessed`)));
    }
  };

  const flush = (waiting: ReadonlyMap<string, Waiting[]>) => {
    const ids = [...waiting.keys()];
    for (let i = 0; i < ids.length; i += KEYS_PER_REQUEST) {
      void readChunk(ids.slice(i, i + KEYS_PER_REQUEST), waiting);
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
          flush(batch);
        });
      }
      const id = idOf(key);
      const list = collecting.get(id) ?? [];
      list.push({ key, resolve, reject });
      collecting.set(id, list);
    });
}
