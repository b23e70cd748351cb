import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { District, ProfileOf } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from './config.js';
import { commissionersOf, forgetListedCommissioners, profileItem } from './profile-store.js';

/**
 * `commissionersOf` overlaps the consistent read of a district's profiles with the listing's Query once the
 * process has listed the district (issue 13). Whatever it guessed, the answer must be the one reading in
 * sequence gives: the listing decides who is in, the table's item (read consistently) what each one is.
 */
const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
type Item = Record<string, unknown>;

const commissioner = (
  id: string,
  openProjects: number,
  district: District = 'hongshan',
): ProfileOf<'commissioner'> => ({
  id,
  role: 'commissioner',
  name: `委员 ${id}`,
  email: `${id}@example.cn`,
  locale: 'zh-CN',
  district,
  openProjects,
  active: true,
});

/** The table as the store sees it: `items` by key; the district's gsi1 listing as `listed` (it may lag). */
let items = new Map<string, Item>();
let listed: Item[] = [];
const keyOf = (item: Item) => `${String(item.pk)}|${String(item.sk)}`;

function store(...profiles: ProfileOf<'commissioner'>[]) {
  for (const profile of profiles) {
    const item = profileItem(profile);
    items.set(keyOf(item), item);
  }
}
function list(...profiles: ProfileOf<'commissioner'>[]) {
  listed = profiles.map((p) => {
    const { pk, sk, gsi1pk, gsi1sk } = profileItem(p);
    return { pk, sk, gsi1pk: gsi1pk ?? 'COMMISSIONERS#hongshan', gsi1sk: gsi1sk ?? p.id };
  });
}

/** The requests in the order they went out; a BatchGet sent while the listing's Query was unanswered says so. */
let log: string[] = [];
let queryPending = false;

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
  forgetListedCommissioners();
  items = new Map();
  listed = [];
  log = [];
  ddb.on(QueryCommand).callsFake(async () => {
    log.push('Query');
    queryPending = true;
    // Answered on a later turn of the event loop: anything sent alongside the Query is sent before this.
    await new Promise((resolve) => setTimeout(resolve, 0));
    queryPending = false;
    return { Items: listed.map((item) => ({ ...item })) };
  });
  ddb.on(BatchGetCommand).callsFake(async (input: BatchGetCommandInput) => {
    const asked = input.RequestItems?.main?.Keys ?? [];
    const ids = asked.map((key) => String(key.pk).split('#')[1]).join(',');
    log.push(`BatchGet ${ids}${queryPending ? ' alongside the Query' : ''}`);
    expect(input.RequestItems?.main?.ConsistentRead).toBe(true);
    await Promise.resolve();
    return {
      Responses: {
        main: asked.flatMap((key) => (items.has(keyOf(key)) ? [{ ...items.get(keyOf(key)) }] : [])),
      },
    };
  });
});

const loads = async () => (await commissionersOf('hongshan')).map((c) => `${c.id}:${c.openProjects}`).sort();

describe('a district’s commissioners, read in one round trip once listed', () => {
  it('the first read lists, then reads the profiles; the next sends both together, with the counts as stored now', async () => {
    const a = commissioner('com-a', 1);
    const b = commissioner('com-b', 2);
    store(a, b);
    list(a, b);
    expect(await loads()).toEqual(['com-a:1', 'com-b:2']);
    expect(log).toEqual(['Query', 'BatchGet com-a,com-b']);

    log = [];
    store({ ...a, openProjects: 5 });
    expect(await loads()).toEqual(['com-a:5', 'com-b:2']);
    expect(log).toEqual(['Query', 'BatchGet com-a,com-b alongside the Query']);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
  });

  it('a commissioner listed since is read right after; the answer names every one listed', async () => {
    const a = commissioner('com-a', 1);
    store(a);
    list(a);
    await loads();

    const c = commissioner('com-c', 0);
    store(c);
    list(a, c);
    log = [];
    expect(await loads()).toEqual(['com-a:1', 'com-c:0']);
    expect(log).toEqual(['Query', 'BatchGet com-a alongside the Query', 'BatchGet com-c']);
  });

  it('one guessed but no longer listed is left out, though its profile reads as active in the district', async () => {
    const a = commissioner('com-a', 1);
    const b = commissioner('com-b', 0);
    store(a, b);
    list(a, b);
    await loads();

    list(a);
    expect(await loads()).toEqual(['com-a:1']);
  });

  it('one the stale listing still names but whose profile left the district or was deactivated is left out', async () => {
    const a = commissioner('com-a', 1);
    const b = commissioner('com-b', 0);
    store(a, b);
    list(a, b);
    await loads();

    // b moved to another district, a was deactivated; the index has not caught up with either.
    store(commissioner('com-b', 0, 'wuchang'), { ...a, active: false });
    expect(await loads()).toEqual([]);
  });

  it('a listing of several pages is read to its end; a guessed commissioner on the second page is kept', async () => {
    const a = commissioner('com-a', 3);
    const b = commissioner('com-b', 1);
    const c = commissioner('com-c', 2);
    store(a, b, c);
    list(a, b, c);
    // The index answers one key per page, as DynamoDB does once a page reaches its size limit.
    ddb.on(QueryCommand).callsFake(async (input: { ExclusiveStartKey?: Item }) => {
      log.push('Query');
      const at = input.ExclusiveStartKey
        ? listed.findIndex((k) => k.pk === input.ExclusiveStartKey?.pk) + 1
        : 0;
      const page = listed.slice(at, at + 1);
      const next = at + 1 < listed.length ? { LastEvaluatedKey: { ...page[0] } } : {};
      return { Items: page.map((item) => ({ ...item })), ...next };
    });
    expect(await loads()).toEqual(['com-a:3', 'com-b:1', 'com-c:2']);

    store({ ...c, openProjects: 0 });
    log = [];
    expect(await loads()).toEqual(['com-a:3', 'com-b:1', 'com-c:0']);
    expect(log.filter((entry) => entry === 'Query')).toHaveLength(3);
    expect(ddb.commandCalls(BatchGetCommand).at(-1)?.args[0].input.RequestItems?.main?.Keys).toHaveLength(3);
  });

  it('each table keeps its own listing: a guess for one table is never sent to another', async () => {
    const a = commissioner('com-a', 1);
    store(a);
    list(a);
    await loads();

    process.env.TABLE_NAME = 'other';
    resetConfig();
    log = [];
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect(await commissionersOf('hongshan')).toEqual([]);
    expect(
      ddb.commandCalls(BatchGetCommand).map((call) => Object.keys(call.args[0].input.RequestItems ?? {})),
    ).toEqual([['main']]);
  });
});
