import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from './config.js';
import {
  hydrate,
  hydrateSettled,
  queryAll,
  queryIndex,
  queryListing,
  unprocessedBackoffMs,
} from './query.js';

/**
 * The GSIs project keys only, so every index read is "Query the keys, BatchGetItem the items": these tests hold
 * the hydration to what the readers relied on when the index held whole items (order, parsing, pages) and to
 * what an eventually consistent index adds (items deleted or moved in between).
 */
const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
type Item = Record<string, unknown>;

const project = (id: string, status = 'nominated'): Item => ({
  pk: `PROJECT#${id}`,
  sk: 'PROJECT',
  gsi2pk: `PROJECTS#STATUS#${status}`,
  gsi2sk: id,
  id,
  title: `title of ${id}`,
});
const keysOf = ({ pk, sk, gsi2pk, gsi2sk }: Item): Item => ({ pk, sk, gsi2pk, gsi2sk });
const requested = (call: number) => ddb.commandCalls(BatchGetCommand)[call]?.args[0].input.RequestItems?.main;

/** A table answering BatchGetItem from `items`, leaving the first `unprocessed` keys of a request for later. */
function table(items: Item[], unprocessed: (attempt: number) => number = () => 0) {
  let attempt = 0;
  ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const keys = input.RequestItems?.main?.Keys ?? [];
    const left = Math.min(unprocessed(attempt++), keys.length);
    const served = keys.slice(left);
    return {
      Responses: {
        main: served.flatMap((k) => items.filter((i) => i.pk === k.pk && i.sk === k.sk)),
      },
      ...(left > 0 ? { UnprocessedKeys: { main: { Keys: keys.slice(0, left) } } } : {}),
    };
  });
}

const noSleep = async () => {};

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('hydrate: the items behind index keys', () => {
  it("keeps the index's order, whatever order BatchGetItem answers in, and asks for each key once", async () => {
    const items = [project('p3'), project('p1'), project('p2')];
    ddb.on(BatchGetCommand).resolves({ Responses: { main: [...items].reverse() } });

    const out = await hydrate([...items.map(keysOf), keysOf(items[0] ?? {})]);

    expect(out.map((i) => i.id)).toEqual(['p3', 'p1', 'p2', 'p3']);
    expect(requested(0)?.Keys).toEqual([
      { pk: 'PROJECT#p3', sk: 'PROJECT' },
      { pk: 'PROJECT#p1', sk: 'PROJECT' },
      { pk: 'PROJECT#p2', sk: 'PROJECT' },
    ]);
    expect(requested(0)?.ConsistentRead).toBeUndefined();
  });

  it('drops an item deleted between the index read and the table read', async () => {
    table([project('p1')]);
    const out = await hydrate([keysOf(project('p2')), keysOf(project('p1'))]);
    expect(out.map((i) => i.id)).toEqual(['p1']);
  });

  it('drops an item that left the listing in between (its index key moved on in the table)', async () => {
    table([project('p1', 'screening'), project('p2', 'nominated')]);
    const out = await hydrate([keysOf(project('p1')), keysOf(project('p2'))], {
      stillListed: { attribute: 'gsi2pk', value: 'PROJECTS#STATUS#nominated' },
    });
    expect(out.map((i) => i.id)).toEqual(['p2']);
  });

  it('reads strongly consistent when asked', async () => {
    table([project('p1')]);
    await hydrate([keysOf(project('p1'))], { consistent: true });
    expect(requested(0)?.ConsistentRead).toBe(true);
  });

  it('reads only the projected attributes when asked, and the keys it matches the answers by', async () => {
    table([project('p1')]);
    await hydrate([keysOf(project('p1'))], { projection: ['id', 'name', 'sk'] });
    const request = requested(0);
    const names = request?.ExpressionAttributeNames ?? {};
    const projected = (request?.ProjectionExpression ?? '')
      .split(', ')
      .map((placeholder) => names[placeholder]);
    // Every name through a placeholder (`name` is a reserved word), each once.
    expect(projected).toEqual(['pk', 'sk', 'id', 'name']);
    expect(Object.keys(names)).toHaveLength(4);
  });

  it('asks again for unprocessed keys only, waiting before each new attempt, until every key is read', async () => {
    const items = [project('p1'), project('p2'), project('p3')];
    table(items, (attempt) => [2, 1, 0][attempt] ?? 0);
    const waits: number[] = [];

    const out = await hydrate(items.map(keysOf), { sleep: async (ms) => void waits.push(ms) });

    expect(out.map((i) => i.id)).toEqual(['p1', 'p2', 'p3']);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(3);
    expect(requested(1)?.Keys).toEqual([
      { pk: 'PROJECT#p1', sk: 'PROJECT' },
      { pk: 'PROJECT#p2', sk: 'PROJECT' },
    ]);
    expect(requested(2)?.Keys).toEqual([{ pk: 'PROJECT#p1', sk: 'PROJECT' }]);
    expect(waits).toHaveLength(2);
  });

  it('fails rather than return a page with items silently missing when keys stay unprocessed', async () => {
    table([project('p1')], () => 1);
    await expect(hydrate([keysOf(project('p1'))], { sleep: noSleep })).rejects.toThrow(/unprocessed/);
  });

  it('settled: returns the items it read and the keys still unprocessed apart, instead of failing them all', async () => {
    const items = [project('p1'), project('p2'), project('p3')];
    // The first key of every request stays unprocessed: p1 after the first attempt, for good.
    table(items, () => 1);
    const waits: number[] = [];

    const out = await hydrateSettled(items.map(keysOf), { sleep: async (ms) => void waits.push(ms) });

    expect(out.items.map((i) => i.id)).toEqual(['p2', 'p3']);
    expect(out.unprocessed).toEqual([{ pk: 'PROJECT#p1', sk: 'PROJECT' }]);
    // The same attempts and backoff as hydrate's.
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(8);
    expect(waits).toHaveLength(7);
  });

  it('settled: keeps reading the other chunks when one leaves keys unprocessed; hydrate stops and fails', async () => {
    const items = Array.from({ length: 150 }, (_, n) => project(`p${String(n).padStart(3, '0')}`));
    table(items, () => 1);
    const out = await hydrateSettled(items.map(keysOf), { sleep: noSleep });
    expect(out.items).toHaveLength(148);
    expect(out.unprocessed.map((k) => k.pk)).toEqual(['PROJECT#p000', 'PROJECT#p100']);

    ddb.reset();
    table(items, () => 1);
    await expect(hydrate(items.map(keysOf), { sleep: noSleep })).rejects.toThrow(/1 keys unprocessed/);
    // The first chunk's attempts only: the read fails anyway, so the second chunk is not asked for.
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(8);
  });

  it('reads in requests of at most 100 keys', async () => {
    const items = Array.from({ length: 230 }, (_, n) => project(`p${String(n).padStart(3, '0')}`));
    table(items);
    const out = await hydrate(items.map(keysOf));
    expect(out).toHaveLength(230);
    expect([0, 1, 2].map((n) => requested(n)?.Keys?.length)).toEqual([100, 100, 30]);
  });

  it('backs off with jitter, growing and capped at a second', () => {
    expect(unprocessedBackoffMs(1, () => 0.999)).toBe(49);
    expect(unprocessedBackoffMs(3, () => 0.999)).toBe(199);
    expect(unprocessedBackoffMs(12, () => 0.999)).toBe(999);
    expect(unprocessedBackoffMs(3, () => 0)).toBe(0);
  });
});

describe('index reads go through hydration', () => {
  it('queryIndex returns the table items and the index page key', async () => {
    ddb.on(QueryCommand).resolves({ Items: [keysOf(project('p1'))], LastEvaluatedKey: { x: 1 } });
    table([project('p1')]);
    const page = await queryIndex({ TableName: 'main', IndexName: 'gsi2', KeyConditionExpression: 'k' });
    expect(page.items).toEqual([project('p1')]);
    expect(page.lastEvaluatedKey).toEqual({ x: 1 });
  });

  it('queryIndex refuses a query of the table itself', async () => {
    await expect(queryIndex({ TableName: 'main', KeyConditionExpression: 'k' })).rejects.toThrow(/IndexName/);
  });

  it('queryAll of an index follows the pages, hydrates each, and never asks the index for consistency', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [keysOf(project('p2'))], LastEvaluatedKey: { x: 1 } })
      .resolvesOnce({ Items: [keysOf(project('p1'))] });
    table([project('p1'), project('p2', 'screening')]);

    const items = await queryAll({
      indexName: 'gsi2',
      partitionAttribute: 'gsi2pk',
      partitionValue: 'PROJECTS#STATUS#nominated',
      consistentRead: true,
    });

    // p2 moved to screening after the index listed it: not in this partition any more.
    expect(items.map((i) => i.id)).toEqual(['p1']);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ConsistentRead).toBeUndefined();
    expect(requested(0)?.ConsistentRead).toBe(true);
  });

  it('queryAll of the table reads the items as the Query returns them, without BatchGetItem', async () => {
    ddb.on(QueryCommand).resolves({ Items: [project('p1')] });
    const items = await queryAll({ partitionAttribute: 'pk', partitionValue: 'PROJECT#p1' });
    expect(items).toEqual([project('p1')]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('queryListing hydrates only the page it returns and builds the cursor from the index keys', async () => {
    ddb.on(QueryCommand).resolves({
      Items: ['p9', 'p8', 'p7'].map((id) => keysOf(project(id))),
      LastEvaluatedKey: { x: 1 },
    });
    table(['p9', 'p8', 'p7'].map((id) => project(id)));

    const page = await queryListing(
      {
        indexName: 'gsi2',
        partitionAttribute: 'gsi2pk',
        sortAttribute: 'gsi2sk',
        partitionValue: 'PROJECTS#STATUS#nominated',
      },
      2,
      undefined,
      (item) => String(item.title),
    );

    expect(page.items).toEqual(['title of p9', 'title of p8']);
    expect(requested(0)?.Keys).toHaveLength(2);
    expect(page.next).toEqual({
      pk: 'PROJECT#p8',
      sk: 'PROJECT',
      gsi2pk: 'PROJECTS#STATUS#nominated',
      gsi2sk: 'p8',
    });
  });
});
