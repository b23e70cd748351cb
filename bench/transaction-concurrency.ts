/**
 * Issue 13, the POST ratio: does DynamoDB Local run `TransactWriteItems` side by side, as DynamoDB does for
 * transactions on distinct items, or one at a time? `npx tsx bench/transaction-concurrency.ts [--n 400]` — about a
 * minute, no stack: one in-memory DynamoDB Local with the product table's keys and GSIs. Sends, at concurrency 1
 * and then 20, the same number of (a) `PutItem`s of one small item, (b) 7-item transactions of such items, each
 * conditioned on `attribute_not_exists` (intake's shape: every item new), and (c) the same 7 items as 7
 * `PutItem`s at once. Prints p50/p99 and items per second. If (b) gains no throughput from concurrency while (a)
 * and (c) do, the emulator serializes transactions, and a transaction's latency under load is queueing behind
 * the others, which no design of ours can remove short of fewer transactions.
 */

import { parseArgs } from 'node:util';
import {
  DynamoDBClient,
  PutItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { localCredentials, startDynamoDb } from '@wuhan/local-stack';
import { topology } from '@wuhan/topology';
import { ensureTable } from '../packages/local-stack/src/provision.js';
import { pool, summarize } from './stats.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '400' } } });
const n = Number(values.n);
const TableName = 'probe';

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

async function main() {
  const db = await startDynamoDb({ port: 0 });
  const client = new DynamoDBClient({
    endpoint: db.endpoint,
    region: 'us-east-1',
    credentials: localCredentials,
  });
  try {
    await ensureTable(client, topology.table, TableName);
    const shapes: Record<string, (run: string, i: number) => Promise<unknown>> = {
      'PutItem, 1 item': (run, i) => client.send(new PutItemCommand({ TableName, Item: item(run, i, 0) })),
      'TransactWriteItems, 7 items': (run, i) =>
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: Array.from(
              { length: 7 },
              (_, k): TransactWriteItem => ({
                Put: { TableName, Item: item(run, i, k), ConditionExpression: 'attribute_not_exists(pk)' },
              }),
            ),
          }),
        ),
      '7 PutItems at once': (run, i) =>
        Promise.all(
          Array.from({ length: 7 }, (_, k) =>
            client.send(new PutItemCommand({ TableName, Item: item(run, i, k) })),
          ),
        ),
    };
    // Warm the JVM's code paths for every shape first.
    for (const [name, send] of Object.entries(shapes))
      await pool(200, 10, (i) => send(`warm-${name}`, i).then(() => {}));
    console.log('| shape | concurrency | p50 ms | p99 ms | requests/s | items/s |');
    console.log('|---|---|---|---|---|---|');
    for (const concurrency of [1, 20]) {
      for (const [name, send] of Object.entries(shapes)) {
        const run = `${name}-${concurrency}`;
        const latencies: number[] = [];
        const started = performance.now();
        await pool(n, concurrency, async (i) => {
          const t0 = performance.now();
          await send(run, i);
          latencies.push(performance.now() - t0);
        });
        const seconds = (performance.now() - started) / 1000;
        const s = summarize(latencies);
        const items = name.startsWith('PutItem') ? 1 : 7;
        console.log(
          `| ${name} | ${concurrency} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${(n / seconds).toFixed(0)} | ${((n * items) / seconds).toFixed(0)} |`,
        );
      }
    }
  } finally {
    client.destroy();
    await db.stop();
  }
}

await main();
