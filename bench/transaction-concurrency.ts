/**
 * Issue 13, the POST ratio: how does DynamoDB Local's latency depend on what a request writes, on this machine?
 * `npx tsx bench/transaction-concurrency.ts [--n 400] [--rounds 2]` — a minute or two, no stack: one in-memory
 * DynamoDB Local with the product table's keys and GSIs, and one client with sockets enough for every request in
 * flight (no client-side queueing).
 *
 * Every write is conditioned on `attribute_not_exists(pk)` (intake's shape: every item new), so the shapes differ
 * only in how many items a request carries:
 * - alone, at concurrency 1 and 20: (a) `PutItem` of one small item, (b) a 7-item `TransactWriteItems` of such
 *   items, (c) the same 7 items as 7 `PutItem`s at once;
 * - mixed, at concurrency 20: 19 workers send one kind while 1 sends another (a transaction among PutItems, a
 *   PutItem among transactions, a consistent GetItem among transactions), so each meets the others' queue: whose
 *   work a request waits behind, which is the POST's situation in the bench's pipeline.
 * Rounds alternate the order of the shapes. Prints p50/p99, requests and items per second.
 */

import { Agent } from 'node:http';
import { parseArgs } from 'node:util';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { localCredentials, startDynamoDb } from '@wuhan/local-stack';
import { topology } from '@wuhan/topology';
import { ensureTable } from '../packages/local-stack/src/provision.js';
import { pool, type Summary, summarize } from './stats.js';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '400' }, rounds: { type: 'string', default: '2' } },
});
const n = Number(values.n);
const rounds = Number(values.rounds);
const TableName = 'probe';
const condition = 'attribute_not_exists(pk)';
/** The mixed runs' probe requests, one after another beside 19 workers of another kind. */
const mixedProbes = Math.max(50, Math.floor(n / 4));

/** A small item of a project's partition (≈ 300 bytes), with one GSI's keys, as most of intake's seven are. */
const item = (run: string, i: number, k: number) =>
  marshall({
    pk: `PROJECT#${run}-${i}`,
    sk: `ROW#${k}`,
    gsi1pk: `LISTING#${run}-${k}`,
    gsi1sk: `${i}`,
    text: '武汉颠覆性技术创新'.repeat(8),
    at: new Date().toISOString(),
  });

type Send = (run: string, i: number) => Promise<unknown>;

function shapesOf(client: DynamoDBClient): Record<'put' | 'transaction' | 'puts' | 'get', Send> {
  const put = (run: string, i: number, k: number) =>
    client.send(new PutItemCommand({ TableName, Item: item(run, i, k), ConditionExpression: condition }));
  return {
    put: (run, i) => put(run, i, 0),
    transaction: (run, i) =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: Array.from(
            { length: 7 },
            (_, k): TransactWriteItem => ({
              Put: { TableName, Item: item(run, i, k), ConditionExpression: condition },
            }),
          ),
        }),
      ),
    puts: (run, i) => Promise.all(Array.from({ length: 7 }, (_, k) => put(run, i, k))),
    // A consistent read of an item the warm-up wrote (found), as the authorizer's and intake's reads are.
    get: (_run, i) =>
      client.send(
        new GetItemCommand({
          TableName,
          Key: marshall({ pk: `PROJECT#warm-put-${i % 200}`, sk: 'ROW#0' }),
          ConsistentRead: true,
        }),
      ),
  };
}

const names = {
  put: 'PutItem, 1 item',
  transaction: 'TransactWriteItems, 7 items',
  puts: '7 PutItems at once',
  get: 'GetItem (consistent)',
};
const itemsOf = { put: 1, transaction: 7, puts: 7, get: 1 };

async function timed(count: number, concurrency: number, send: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(count, concurrency, async (i) => {
    const t0 = performance.now();
    await send(i);
    latencies.push(performance.now() - t0);
  });
  return { summary: summarize(latencies), seconds: (performance.now() - started) / 1000 };
}

const row = (label: string, concurrency: number, s: Summary, perSecond: number, items: number) =>
  `| ${label} | ${concurrency} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${perSecond.toFixed(0)} | ${(perSecond * items).toFixed(0)} |`;

/**
 * 19 workers sending `background` and one sending `probe`, side by side until the probe's requests are done: what
 * one request of a kind waits through when the emulator's queue holds the others' work.
 */
async function mixed(background: Send, probe: Send, run: string) {
  const backgroundLatencies: number[] = [];
  const probeLatencies: number[] = [];
  let done = false;
  const started = performance.now();
  const probeWorker = (async () => {
    for (let i = 0; i < mixedProbes; i++) {
      const t0 = performance.now();
      await probe(`${run}-probe`, i);
      probeLatencies.push(performance.now() - t0);
    }
    done = true;
  })();
  const backgroundWorkers = Array.from({ length: 19 }, async (_, w) => {
    for (let i = 0; !done; i++) {
      const t0 = performance.now();
      await background(`${run}-bg${w}`, i);
      backgroundLatencies.push(performance.now() - t0);
    }
  });
  await Promise.all([probeWorker, ...backgroundWorkers]);
  const seconds = (performance.now() - started) / 1000;
  return {
    background: summarize(backgroundLatencies),
    probe: summarize(probeLatencies),
    backgroundPerSecond: backgroundLatencies.length / seconds,
    probePerSecond: mixedProbes / seconds,
  };
}

async function main() {
  const db = await startDynamoDb({ port: 0 });
  const client = new DynamoDBClient({
    endpoint: db.endpoint,
    region: 'us-east-1',
    credentials: localCredentials,
    // 20 workers × 7 requests in flight at most: no request waits for a socket in the client.
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) }),
  });
  try {
    await ensureTable(client, topology.table, TableName);
    const shapes = shapesOf(client);
    const order = ['put', 'transaction', 'puts'] as const;
    for (const shape of order) await pool(200, 10, (i) => shapes[shape](`warm-${shape}`, i).then(() => {}));
    console.log(`DynamoDB Local, in memory; n=${n} per shape; ${new Date().toISOString()}`);
    console.log('| shape | concurrency | p50 ms | p99 ms | requests/s | items/s |');
    console.log('|---|---|---|---|---|---|');
    for (let round = 0; round < rounds; round++) {
      const shapesInOrder = round % 2 === 0 ? order : [...order].reverse();
      for (const concurrency of [1, 20]) {
        for (const shape of shapesInOrder) {
          const run = `${shape}-${concurrency}-${round}`;
          const { summary, seconds } = await timed(n, concurrency, (i) => shapes[shape](run, i));
          console.log(row(names[shape], concurrency, summary, n / seconds, itemsOf[shape]));
        }
      }
      // A probe of each kind among 19 workers of the other kinds: whose work does a request wait behind?
      const mixes = [
        ['put', 'transaction'],
        ['transaction', 'put'],
        ['transaction', 'get'],
      ] as const;
      for (const [background, probe] of mixes) {
        const mix = await mixed(shapes[background], shapes[probe], `mixed-${background}-${probe}-${round}`);
        const label = `mixed: ${names[probe]} (1 worker) among ${names[background]} (19)`;
        console.log(row(label, 20, mix.probe, mix.probePerSecond, itemsOf[probe]));
        console.log(
          row(
            `  … the 19 ${names[background]} beside it`,
            20,
            mix.background,
            mix.backgroundPerSecond,
            itemsOf[background],
          ),
        );
      }
    }
  } finally {
    client.destroy();
    await db.stop();
  }
}

await main();
