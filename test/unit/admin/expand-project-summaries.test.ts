import { gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, storedSummary } from '@wuhan/aws';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { expandProjectSummaries } from '../../../scripts/summary-expansion.js';

/**
 * The rollback tool's decisions against a small in-memory table behind the mocked client: which items it
 * rewrites, the condition that keeps a concurrent writer's value, and that a second run changes nothing.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-east-1' }));
const tableName = 'prod-table';

const longText = (n: number) =>
  Array.from(
    { length: 12 },
    (_, i) => `第${n}号项目的第${i}段摘要：钙钛矿发光材料面向柔性显示，已完成中试验证。`,
  ).join('\n');

type Item = Record<string, unknown>;
let table: Map<string, Item>;
const keyOf = (item: Item) => `${item.pk}|${item.sk}`;
const put = (item: Item): void => {
  table.set(keyOf(item), item);
};
const project = (id: string, summary: string): void =>
  put({
    ...keys.project(id),
    entity: 'project',
    id,
    title: `项目 ${id}`,
    version: 3,
    ...storedSummary(summary),
  });
const get = (id: string) => table.get(keyOf(keys.project(id)));
/** Runs between the Scan and the writes, as a concurrent writer would. */
let afterScan: (() => void) | undefined;

const sameBytes = (a: unknown, b: unknown) =>
  a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));

/** Scan: the tool's filter (project items holding summaryGz, optionally some ids), paged by `Limit`. */
function scan(input: ScanCommandInput) {
  const ids = Object.entries(input.ExpressionAttributeValues ?? {})
    .filter(([name]) => name.startsWith(':p'))
    .map(([, value]) => value);
  // A segment is a fixed share of the items, as DynamoDB's parallel scan divides them.
  const all = [...table.values()]
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
    .filter((_, index) => index % (input.TotalSegments ?? 1) === (input.Segment ?? 0));
  const from = input.ExclusiveStartKey
    ? all.findIndex((i) => keyOf(i) === keyOf(input.ExclusiveStartKey ?? {})) + 1
    : 0;
  const page = all.slice(from, from + (input.Limit ?? all.length));
  const last = page.at(-1);
  const more = from + page.length < all.length;
  const Items = page
    .filter((i) => i.entity === 'project' && i.sk === 'PROJECT' && i.summaryGz !== undefined)
    .filter((i) => ids.length === 0 || ids.includes(i.id))
    .map((i) => ({ pk: i.pk, sk: i.sk, id: i.id, summary: i.summary, summaryGz: i.summaryGz }))
    .map((i) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== undefined)));
  const done = afterScan;
  afterScan = undefined;
  done?.();
  return {
    Items,
    ScannedCount: page.length,
    ...(more && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk } } : {}),
  };
}

beforeEach(() => {
  ddb.reset();
  table = new Map();
  afterScan = undefined;
  ddb.on(ScanCommand).callsFake(scan);
  ddb.on(UpdateCommand).callsFake((input) => {
    const current = table.get(keyOf(input.Key));
    const values = input.ExpressionAttributeValues;
    const summaryOk = input.ConditionExpression.includes('attribute_not_exists(#summary)')
      ? current?.summary === undefined
      : current?.summary === values[':text'];
    // The fake evaluates only what the expression asks, so a missing condition shows in the race test.
    const packedOk =
      !input.ConditionExpression.includes('#packed = :packed') ||
      sameBytes(current?.summaryGz, values[':packed']);
    if (!current || !packedOk || !summaryOk) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    const { summaryGz: _packed, ...rest } = current;
    put({ ...rest, summary: values[':text'] });
    return {};
  });
});

describe('expandProjectSummaries (the rollback tool)', () => {
  it('rewrites every gzip’d project across Scan pages to its exact text, and leaves every other item alone', async () => {
    const texts = [1, 2, 3].map(longText);
    for (const [i, text] of texts.entries()) project(`prj_${i}`, text);
    project('prj_short', '短摘要');
    put({ ...keys.nomination('nom_1'), entity: 'nomination', id: 'nom_1', summaryIn: 'project' });
    expect(get('prj_0')).toHaveProperty('summaryGz');
    expect(get('prj_short')).not.toHaveProperty('summaryGz');
    const before = new Map(table);

    const result = await expandProjectSummaries({ client, tableName, pageSize: 2, log: () => {} });

    expect(result).toMatchObject({ dryRun: false, scanned: 5, found: 3, expanded: 3 });
    expect(result.changedSinceRead).toEqual([]);
    expect(result.undecodable).toEqual([]);
    expect(ddb).toHaveReceivedCommandTimes(ScanCommand, 3);
    texts.forEach((text, i) => {
      const item = get(`prj_${i}`);
      expect(item).not.toHaveProperty('summaryGz');
      expect(item?.summary).toBe(text);
      // The project did not change: its version and other fields stay, so no command's condition is broken.
      expect(item).toMatchObject({ version: 3, title: `项目 prj_${i}` });
    });
    expect(get('prj_short')).toBe(before.get(keyOf(keys.project('prj_short'))));
    expect(table.get(keyOf(keys.nomination('nom_1')))).toBe(before.get(keyOf(keys.nomination('nom_1'))));
    const scanInput = ddb.commandCalls(ScanCommand)[0]?.args[0].input;
    expect(scanInput).toMatchObject({ TableName: tableName, ConsistentRead: true });
    expect(scanInput?.FilterExpression).toContain('attribute_exists(#packed)');
  });

  it('conditions each write on the summaryGz it read: a second run changes nothing', async () => {
    project('prj_a', longText(1));
    await expandProjectSummaries({ client, tableName, log: () => {} });
    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      TableName: tableName,
      Key: keys.project('prj_a'),
      UpdateExpression: 'SET #summary = :text REMOVE #packed',
      ConditionExpression: '#packed = :packed AND attribute_not_exists(#summary)',
      ExpressionAttributeNames: { '#summary': 'summary', '#packed': 'summaryGz' },
    });
    const after = new Map(table);
    ddb.resetHistory();

    const again = await expandProjectSummaries({ client, tableName, log: () => {} });

    expect(again).toMatchObject({ found: 0, expanded: 0, changedSinceRead: [], undecodable: [] });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(table).toEqual(after);
  });

  it('never overwrites a value written after its Scan: that item is reported and left as the writer left it', async () => {
    project('prj_raced', longText(1));
    project('prj_calm', longText(2));
    const newer = gzipSync(Buffer.from(longText(9)));
    afterScan = () => {
      const current = get('prj_raced') ?? {};
      put({ ...current, summaryGz: newer });
    };

    const result = await expandProjectSummaries({ client, tableName, log: () => {} });

    expect(result).toMatchObject({ found: 2, expanded: 1, changedSinceRead: ['prj_raced'] });
    expect(get('prj_raced')?.summaryGz).toBe(newer);
    expect(get('prj_raced')).not.toHaveProperty('summary');
    expect(get('prj_calm')?.summary).toBe(longText(2));
    // Run again, it picks the raced item up with its new value.
    const again = await expandProjectSummaries({ client, tableName, log: () => {} });
    expect(again).toMatchObject({ found: 1, expanded: 1, changedSinceRead: [] });
    expect(get('prj_raced')?.summary).toBe(longText(9));
  });

  it('keeps the text of an item holding both attributes (what readers show), conditioned on both', async () => {
    put({
      ...keys.project('prj_both'),
      entity: 'project',
      id: 'prj_both',
      summary: '文字',
      summaryGz: gzipSync('另一段'),
    });
    await expandProjectSummaries({ client, tableName, log: () => {} });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression).toBe(
      '#packed = :packed AND #summary = :text',
    );
    expect(get('prj_both')).toMatchObject({ summary: '文字' });
    expect(get('prj_both')).not.toHaveProperty('summaryGz');
  });

  it('on a dry run writes nothing and prints each item it would change', async () => {
    project('prj_a', longText(1));
    project('prj_b', longText(2));
    const before = new Map(table);
    const lines: string[] = [];

    const result = await expandProjectSummaries({
      client,
      tableName,
      dryRun: true,
      log: (l) => lines.push(l),
    });

    expect(result).toMatchObject({ dryRun: true, found: 2, expanded: 0 });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(table).toEqual(before);
    expect(
      lines.filter((l) => /^prj_[ab]: would SET summary \(\d+ B of text\) REMOVE summaryGz/.test(l)),
    ).toHaveLength(2);
  });

  it('reports a damaged summaryGz (gunzip checks the CRC) and goes on with the others', async () => {
    const damaged = Buffer.from(gzipSync(Buffer.from(longText(1))));
    damaged[damaged.length - 6] = (damaged.at(-6) ?? 0) ^ 0xff;
    put({ ...keys.project('prj_bad'), entity: 'project', id: 'prj_bad', summaryGz: new Uint8Array(damaged) });
    project('prj_good', longText(2));

    const result = await expandProjectSummaries({ client, tableName, log: () => {} });

    expect(result.undecodable.map((u) => u.id)).toEqual(['prj_bad']);
    expect(result.expanded).toBe(1);
    expect(get('prj_bad')).not.toHaveProperty('summary');
    expect(get('prj_good')?.summary).toBe(longText(2));
  });

  it('scans in parallel segments and can be limited to named projects', async () => {
    project('prj_a', longText(1));
    project('prj_b', longText(2));
    const result = await expandProjectSummaries({
      client,
      tableName,
      segments: 3,
      projectIds: ['prj_b'],
      log: () => {},
    });
    const scans = ddb.commandCalls(ScanCommand).map((c) => c.args[0].input);
    expect(scans.map((s) => [s.Segment, s.TotalSegments]).sort()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(scans[0]?.FilterExpression).toContain('#id IN (:p0)');
    expect(result).toMatchObject({ found: 1, expanded: 1, changedSinceRead: [] });
    expect(get('prj_a')).toHaveProperty('summaryGz');
    expect(get('prj_b')?.summary).toBe(longText(2));
  });
});
