import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/lib-dynamodb';
import type { AwsStub } from 'aws-sdk-client-mock';
import { expect } from 'vitest';

type Item = Record<string, unknown>;
type DocumentStub = AwsStub<ServiceInputTypes, ServiceOutputTypes, DynamoDBDocumentClient['config']>;

/** What a GSI hands back of an item: its table and index keys (and whatever else `projected` names). */
export function indexCopy(item: Item, projected: readonly string[] = []): Item {
  const keys = Object.keys(item).filter((name) => /^(pk|sk|gsi\d+(pk|sk))$/.test(name));
  return Object.fromEntries([...keys, ...projected].filter((n) => n in item).map((n) => [n, item[n]]));
}

const tableItems = new WeakMap<object, { test: string; items: Map<string, Item> }>();
const keyOf = (item: Item) => `${String(item.pk)}|${String(item.sk)}`;

/**
 * Answers BatchGetItem from `items` (by `pk` and `sk`, which every item needs), as the table does when a reader
 * hydrates what an index listed. Calls add up within one test (its `beforeEach` included).
 */
export function givenTableItems(ddb: DocumentStub, items: readonly Item[]): void {
  for (const item of items) {
    if (typeof item.pk !== 'string' || typeof item.sk !== 'string')
      throw new Error(`a table item needs pk and sk: ${JSON.stringify(item)}`);
  }
  const { testPath, currentTestName } = expect.getState();
  const test = `${testPath} ${currentTestName}`;
  let stored = tableItems.get(ddb);
  if (!stored || stored.test !== test) {
    stored = { test, items: new Map() };
    tableItems.set(ddb, stored);
  }
  for (const item of items) stored.items.set(keyOf(item), item);
  const table = stored.items;
  ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([name, request]) => [
        name,
        (request.Keys ?? []).flatMap((key) => {
          const item = table.get(keyOf(key));
          return item ? [structuredClone(item)] : [];
        }),
      ]),
    ),
  }));
}

/**
 * Serves `items` the way the table does since its GSIs project keys only: the Query (those matching `query`, or
 * any) answers with each item's keys (plus `projected`), in the order given, and BatchGetItem with the items.
 */
export function givenIndexed(
  ddb: DocumentStub,
  items: readonly Item[],
  query?: Partial<QueryCommandInput>,
  options: { projected?: readonly string[] } = {},
): void {
  givenTableItems(ddb, items);
  const answer = { Items: items.map((item) => indexCopy(item, options.projected)) };
  if (query) ddb.on(QueryCommand, query).resolves(answer);
  else ddb.on(QueryCommand).resolves(answer);
}
