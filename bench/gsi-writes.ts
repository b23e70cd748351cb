/**
 * Write units per nomination with the GSIs as the topology declares them, or as they were (`--projection all`),
 * without the whole benchmark: `npx tsx bench/gsi-writes.ts [--projection all|topology] [--n 20]`.
 *
 * Starts DynamoDB Local (and the other emulators), creates the table (for `all`, itself, with every GSI
 * projecting ALL, before the local stack sees it and leaves it as it is), POSTs `n` nominations one after another
 * (no contention, so no failed transactions), waits until the notification writes settle, and prints:
 * - measured: the WRU DynamoDB Local reports (ReturnConsumedCapacity=INDEXES: table and each GSI), per write
 *   operation and key prefix, ÷ n;
 * - by item sizes: intake's transaction recomputed from the items it wrote (2 WRU per started KB for a
 *   transactional write; 1 WRU per started KB of the projected copy for each GSI the item is in, and for an
 *   update only if it changes a projected attribute), the method of bench/README.md.
 */
import { CreateTableCommand, DynamoDBClient, type ReturnConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { demoProfiles, localCredentials, startDynamoDb, startLocalStack } from '@wuhan/local-stack';
import { type GsiSpec, topology } from '@wuhan/topology';
import { nomination } from './nominations.js';
import { postNominations } from './pipeline.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const projection = option('projection', 'topology');
if (projection !== 'all' && projection !== 'topology') throw new Error('--projection all|topology');
const n = Number(option('n', '20'));
const runId = `gsiw${Date.now().toString(36)}`;
const prefix = `${runId}-${projection}`;
const tableName = `${prefix}-${topology.table.name}`;

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

// ── DynamoDB item size, as DynamoDB bills it ──────────────────────────────────────────────────────────────────
type Value = unknown;
function valueSize(value: Value): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
    return Math.ceil(Math.max(digits, 1) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  // Binary (a gzip'd summary): its bytes, not a map of its indexes.
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((a: number, v) => a + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((a: number, v) => a + valueSize(v) + 1, 0);
  if (typeof value === 'object' && value !== undefined)
    return 3 + Object.entries(value).reduce((a, [k, v]) => a + Buffer.byteLength(k) + valueSize(v) + 1, 0);
  return 0;
}
const itemSize = (item: Record<string, Value>, only?: readonly string[]) =>
  Object.entries(item)
    .filter(([name]) => !only || only.includes(name))
    .reduce((a, [name, v]) => a + Buffer.byteLength(name) + valueSize(v), 0);
const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** The attributes an index copies (undefined: all of them). */
function projectedNames(gsi: GsiSpec): string[] | undefined {
  if (projection === 'all') return undefined;
  const keys = ['pk', 'sk', gsi.partitionKey, gsi.sortKey];
  return gsi.projection.type === 'INCLUDE' ? [...keys, ...gsi.projection.nonKeyAttributes] : keys;
}

// ── Start ──────────────────────────────────────────────────────────────────────────────────────────────────────
const dynamo = await startDynamoDb({ port: 0 });
const region = 'us-east-1';
const raw = new DynamoDBClient({
  region,
  endpoint: dynamo.endpoint,
  credentials: localCredentials,
});
if (projection === 'all') {
  const gsis = topology.table.gsis;
  const attributes = [...new Set(['pk', 'sk', ...gsis.flatMap((g) => [g.partitionKey, g.sortKey])])];
  await raw.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: gsis.map((g) => ({
        IndexName: g.name,
        KeySchema: [
          { AttributeName: g.partitionKey, KeyType: 'HASH' },
          { AttributeName: g.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: topology.table.stream },
    }),
  );
}
const stack = await startLocalStack({
  emulators: { dynamodbEndpoint: dynamo.endpoint },
  ports: { api: 0, sqs: 0, ses: 0 },
  namePrefix: prefix,
  throttle: false,
  anonymousThrottle: false,
  runSchedules: false,
  log: () => {},
});

// ── Meter: every request on the shared client, with per-index capacity ───────────────────────────────────────
interface Tally {
  requests: number;
  table: number;
  gsi: Record<string, number>;
}
const tallies = new Map<string, Tally>();
const written: { operation: string; input: Record<string, unknown> }[] = [];
let lastWriteAt = Date.now();
const reads = new Map<string, { requests: number; units: number }>();
const { dynamodb, documentClient } = await import('@wuhan/aws');
dynamodb.middlewareStack.add(
  (next, context) => async (request) => {
    const operation = (context.commandName ?? '').replace(/Command$/, '');
    const input = request.input as Record<string, unknown> & {
      ReturnConsumedCapacity?: ReturnConsumedCapacity;
    };
    const writes = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'];
    if (['GetItem', 'BatchGetItem', 'Query'].includes(operation)) {
      // Reads, for the price of hydrating: read units per operation (DynamoDB Local's figures).
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(request);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
        CapacityUnits?: number;
      }[];
      const read = reads.get(operation) ?? { requests: 0, units: 0 };
      read.requests++;
      read.units += list.reduce((a, c) => a + (c.CapacityUnits ?? 0), 0);
      reads.set(operation, read);
      return result;
    }
    if (!writes.includes(operation)) return next(request);
    input.ReturnConsumedCapacity = 'INDEXES';
    const result = await next(request);
    lastWriteAt = Date.now();
    // Before the document client marshalls: items and keys are plain values here.
    const keyOf = (i: Record<string, unknown>) => {
      const put = i.Put as { Item?: Record<string, unknown> } | undefined;
      const key = (i.Update ?? i.Delete ?? i.ConditionCheck) as { Key?: Record<string, unknown> } | undefined;
      // Powertools' idempotency layer sends marshalled keys ({ S: … }) through the same client.
      const pk = put?.Item?.pk ?? key?.Key?.pk;
      const text = typeof pk === 'object' && pk !== null && 'S' in pk ? pk.S : pk;
      return String(text ?? '?').split('#')[0];
    };
    const items =
      operation === 'TransactWriteItems' ? (input.TransactItems as Record<string, unknown>[]) : [];
    const label =
      operation === 'TransactWriteItems'
        ? `${operation} [${[...new Set(items.map(keyOf))].join(' ')}]`
        : `${operation} ${keyOf({ Put: { Item: input.Item }, Update: { Key: input.Key } })}`;
    written.push({ operation, input });
    const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
    const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
      Table?: { CapacityUnits?: number };
      CapacityUnits?: number;
      GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
    }[];
    const tally = tallies.get(label) ?? { requests: 0, table: 0, gsi: {} };
    tally.requests++;
    for (const c of list) {
      const gsiUnits = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce(
        (a, g) => a + (g.CapacityUnits ?? 0),
        0,
      );
      tally.table += c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - gsiUnits;
      for (const [name, g] of Object.entries(c.GlobalSecondaryIndexes ?? {}))
        tally.gsi[name] = (tally.gsi[name] ?? 0) + (g.CapacityUnits ?? 0);
    }
    tallies.set(label, tally);
    return result;
  },
  { step: 'initialize', name: 'gsiWritesMeter', priority: 'high' },
);

try {
  const partners = stack.credentials.keys.filter((k) => k.role === 'partner');
  const districts = [
    ...new Set(
      demoProfiles(topology.platforms).flatMap((p) => (p.role === 'commissioner' ? [p.district] : [])),
    ),
  ];
  tallies.clear();
  reads.clear();
  written.length = 0;
  const outcomes = await postNominations({
    apiUrl: stack.info.apiUrl,
    partners,
    runId,
    first: 0,
    count: n,
    concurrency: 1,
    make: (i) => nomination(runId, i, districts),
    onPosted: () => {},
  });
  const accepted = outcomes.filter((o) => o.status === 202).length;
  if (accepted !== n)
    throw new Error(`${n - accepted} nominations were not accepted: ${JSON.stringify(outcomes)}`);
  // The relay and notification follow asynchronously: wait until nothing has been written for 4 s.
  while (Date.now() - lastWriteAt < 4000) await new Promise((r) => setTimeout(r, 500));

  const rows = [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b));
  let total = 0;
  console.log(
    `\nGSI projection: ${projection}; ${n} nominations, sequential; WRU per nomination (DynamoDB Local)`,
  );
  console.log('| write | requests | table WRU | GSI WRU (gsi1/gsi2/gsi3) | total |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [label, t] of rows) {
    const gsi = ['gsi1', 'gsi2', 'gsi3'].map((g) => (t.gsi[g] ?? 0) / n);
    const sum = t.table / n + gsi.reduce((a, b) => a + b, 0);
    total += sum;
    console.log(
      `| ${label} | ${(t.requests / n).toFixed(2)} | ${(t.table / n).toFixed(2)} | ${gsi.map((g) => g.toFixed(2)).join(' / ')} | ${sum.toFixed(2)} |`,
    );
  }
  console.log(`| **total** | | | | **${total.toFixed(2)}** |`);
  console.log('\n| read | requests | RRU |\n|---|---:|---:|');
  let readTotal = 0;
  for (const [operation, r] of [...reads.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    readTotal += r.units / n;
    console.log(`| ${operation} | ${(r.requests / n).toFixed(2)} | ${(r.units / n).toFixed(2)} |`);
  }
  console.log(`| **total** | | **${readTotal.toFixed(2)}** |`);

  // ── By item sizes: intake's first-nomination transaction, recomputed ────────────────────────────────────────
  const transaction = written.find((w) => w.operation === 'TransactWriteItems');
  const entries = (transaction?.input.TransactItems ?? []) as Record<
    string,
    { Item?: Record<string, Value>; Key?: Record<string, Value> }
  >[];
  console.log(
    '\nBy item sizes, one nomination transaction (transactional: 2 WRU per started KB; GSI copy: 1 per KB)',
  );
  console.log('| item | bytes | base WRU | GSI copies (bytes → WRU) |');
  console.log('|---|---:|---:|---|');
  let sized = 0;
  for (const entry of entries) {
    const [kind, body] = Object.entries(entry)[0] ?? [];
    if (!kind || !body || kind === 'ConditionCheck') continue;
    let item: Record<string, Value>;
    if (kind === 'Put') item = body.Item ?? {};
    else {
      // The item as the update left it (the counter ADD): read back after the run.
      const got = await documentClient.send(new GetCommand({ TableName: tableName, Key: body.Key }));
      item = got.Item ?? {};
    }
    const bytes = itemSize(item);
    const base = 2 * kb(bytes);
    const copies: string[] = [];
    let gsiUnits = 0;
    for (const gsi of topology.table.gsis) {
      if (item[gsi.partitionKey] === undefined) continue;
      const names = projectedNames(gsi);
      // An update that changes no attribute the index projects writes no copy (a counter ADD under INCLUDE).
      const expression = String((body as { UpdateExpression?: string }).UpdateExpression ?? '');
      const attributeNames = Object.values(
        (body as { ExpressionAttributeNames?: Record<string, string> }).ExpressionAttributeNames ?? {},
      );
      const touched = [...attributeNames, ...expression.split(/[\s,=]+/)];
      if (kind === 'Update' && names && !touched.some((t) => names.includes(t))) {
        copies.push(`${gsi.name}: none`);
        continue;
      }
      const copy = itemSize(item, names);
      gsiUnits += kb(copy);
      copies.push(`${gsi.name}: ${copy} → ${kb(copy)}`);
    }
    sized += base + gsiUnits;
    console.log(
      `| ${kind} ${String(item.pk).split('#')[0]} | ${bytes} | ${base} | ${copies.join(', ') || '—'} |`,
    );
  }
  console.log(`| **transaction** | | | **${sized} WRU** |`);
} finally {
  await stack.stop();
  await dynamo.stop();
}
