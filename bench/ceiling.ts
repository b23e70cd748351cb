import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { TableSpec } from '@wuhan/topology';
import { localCredentials } from '../packages/local-stack/src/environment.js';
import { ensureTable } from '../packages/local-stack/src/provision.js';
import type { NominationInput } from './nominations.js';
import { pool, type Summary, summarize } from './stats.js';

export interface CeilingResult {
  puts: number;
  seconds: number;
  putsPerSecond: number;
  latencyMs: Summary;
  itemBytes: number;
  writeUnitsPerPut: number;
}

/**
 * The storage ceiling: raw PutItem throughput and latency against the same DynamoDB Local the pipeline uses,
 * from this process, at the pipeline's concurrency. The items go to a table of their own with the product
 * table's keys, GSIs and stream (so the relay never sees them), and look like a project item: the nomination's
 * fields plus keys for every GSI, i.e. the same size and the same index fan-out.
 */
export async function measureCeiling(options: {
  endpoint: string;
  region: string;
  table: TableSpec;
  tableName: string;
  puts: number;
  concurrency: number;
  sample: (i: number) => NominationInput;
  onProgress: (line: string) => void;
}): Promise<CeilingResult> {
  const client = new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: localCredentials,
  });
  try {
    await ensureTable(client, options.table, options.tableName);
    const item = (i: number) => {
      const n = options.sample(i);
      const id = `prj_BENCH${String(i).padStart(21, '0')}`;
      const now = new Date().toISOString();
      return marshall(
        {
          pk: `PROJECT#${id}`,
          sk: 'PROJECT',
          gsi1pk: `STATUS#nominated`,
          gsi1sk: `${now}#${id}`,
          gsi2pk: `DISTRICT#${n.district}`,
          gsi2sk: `${now}#${id}`,
          gsi3pk: `FIELD#${n.techField}`,
          gsi3sk: `${now}#${id}`,
          type: 'project',
          id,
          ...n,
          status: 'nominated',
          recommendationCount: 1,
          createdAt: now,
          updatedAt: now,
        },
        { removeUndefinedValues: true },
      );
    };
    const itemBytes = Buffer.byteLength(JSON.stringify(item(0)));
    // Warm the connection pool and the JVM's code paths, as the pipeline's warm-up does.
    await pool(Math.min(200, options.puts), options.concurrency, async (i) => {
      await client.send(new PutItemCommand({ TableName: options.tableName, Item: item(1_000_000 + i) }));
    });
    const latencies: number[] = [];
    let writeUnits = 0;
    const started = performance.now();
    await pool(options.puts, options.concurrency, async (i) => {
      const t0 = performance.now();
      const out = await client.send(
        new PutItemCommand({ TableName: options.tableName, Item: item(i), ReturnConsumedCapacity: 'TOTAL' }),
      );
      latencies.push(performance.now() - t0);
      writeUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
      options.onProgress(`ceiling: ${latencies.length}/${options.puts} PutItem`);
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      puts: options.puts,
      seconds,
      putsPerSecond: options.puts / seconds,
      latencyMs: summarize(latencies),
      itemBytes,
      writeUnitsPerPut: writeUnits / options.puts,
    };
  } finally {
    client.destroy();
  }
}
