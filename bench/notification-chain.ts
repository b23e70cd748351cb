/**
 * Issue 13, notification per batch: one batch of ten `project.nominated` records' DynamoDB requests, as
 * services/notification sent them before and sends them now, against DynamoDB Local under a background write
 * load (the bench's 20 concurrent POSTs, roughly: `--load` writers). SES is left out (it is the same in both).
 *
 *   before: per record, GetItem partner → GetItem commissioner → BatchGetItem preferences → claim → settle
 *   now:    one BatchGetItem for the batch (partners, commissioners, preferences) → per record claim → settle
 *
 * A model of the request shapes, not the product code: the requests below are written out by hand after
 * services/notification's (the handler, its batched reads and its claim store are not run), so a change there is
 * not measured here until this file is changed too; record-requests.test.ts holds the handler to the shape
 * modelled as "now".
 *
 * `npx tsx bench/notification-chain.ts [--batches 60] [--load 20]`: a small sequential measurement (the two
 * shapes alternate, batch by batch, under the same load), not part of `npm run bench`.
 */
import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { topology } from '@wuhan/topology';
import { keys } from '../packages/aws/src/keys.js';
import { startDynamoDb } from '../packages/local-stack/src/emulators.js';
import { localCredentials } from '../packages/local-stack/src/environment.js';
import { freePort } from '../packages/local-stack/src/ports.js';
import { ensureTable } from '../packages/local-stack/src/provision.js';
import { summarize } from './stats.js';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const batches = argument('batches', 60);
const load = argument('load', 20);

const TableName = 'chain-main';
const staff = ['stf-a', 'stf-b'];
const partner = (n: number) => `ptn-chain-${n % 5}`;
const commissioner = (n: number) => `com-chain-${n % 3}`;

async function main() {
  const dynamodb = await startDynamoDb({ port: await freePort() });
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: 'ap-southeast-1',
    credentials: localCredentials,
  });
  const put = (item: Record<string, unknown>) =>
    client.send(new PutItemCommand({ TableName, Item: marshall(item) }));
  try {
    await ensureTable(client, topology.table, TableName);
    for (let n = 0; n < 5; n++) await put({ ...keys.principal('partner', partner(n)), name: `P${n}` });
    for (let n = 0; n < 3; n++)
      await put({ ...keys.principal('commissioner', commissioner(n)), name: `C${n}` });
    await put({ ...keys.notificationPreferences('stf-a'), staffId: 'stf-a', modes: {} });

    let stop = false;
    const writers = Array.from({ length: load }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        await put({ pk: `LOAD#${w}`, sk: `ITEM#${i}`, body: 'x'.repeat(900) });
      }
    });

    const get = (key: Record<string, string>) =>
      client.send(new GetItemCommand({ TableName, Key: marshall(key) }));
    const batchGet = (list: Record<string, string>[]) => {
      const unique = [...new Map(list.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
      return client.send(
        new BatchGetItemCommand({ RequestItems: { [TableName]: { Keys: unique.map((k) => marshall(k)) } } }),
      );
    };
    const claimAndSettle = async (eventId: string) => {
      const Key = marshall(keys.mailClaims(eventId));
      await client.send(
        new UpdateItemCommand({
          TableName,
          Key,
          UpdateExpression: 'SET #s = :sending',
          ConditionExpression: 'attribute_not_exists(#s)',
          ExpressionAttributeNames: { '#s': 'to:partner' },
          ExpressionAttributeValues: marshall({ ':sending': 'sending' }),
        }),
      );
      await client.send(
        new UpdateItemCommand({
          TableName,
          Key,
          UpdateExpression: 'SET #s = :sent',
          ExpressionAttributeNames: { '#s': 'to:partner' },
          ExpressionAttributeValues: marshall({ ':sent': 'sent' }),
        }),
      );
    };
    const preferences = staff.map((id) => keys.notificationPreferences(id));

    const before = async (b: number) =>
      Promise.all(
        Array.from({ length: 10 }, async (_, r) => {
          await get(keys.principal('partner', partner(r)));
          await get(keys.principal('commissioner', commissioner(r)));
          await batchGet(preferences);
          await claimAndSettle(`evt-before-${b}-${r}`);
        }),
      );
    const now = async (b: number) => {
      await batchGet([
        ...Array.from({ length: 10 }, (_, r) => keys.principal('partner', partner(r))),
        ...Array.from({ length: 10 }, (_, r) => keys.principal('commissioner', commissioner(r))),
        ...preferences,
      ]);
      await Promise.all(Array.from({ length: 10 }, (_, r) => claimAndSettle(`evt-now-${b}-${r}`)));
    };

    const timed = async (act: () => Promise<unknown>) => {
      const start = performance.now();
      await act();
      return performance.now() - start;
    };
    const results = { before: [] as number[], now: [] as number[] };
    for (let b = 0; b < batches; b++) {
      results.before.push(await timed(() => before(b)));
      results.now.push(await timed(() => now(b)));
    }
    stop = true;
    await Promise.all(writers);
    const round = (ms: number) => Math.round(ms);
    for (const [shape, values] of Object.entries(results)) {
      const s = summarize(values);
      console.log(
        `${shape.padEnd(6)} batches ${s.count}, load ${load} writers: p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms, p99 ${round(s.p99)} ms, max ${round(s.max)} ms`,
      );
    }
  } finally {
    client.destroy();
    await dynamodb.stop();
  }
}

await main();
