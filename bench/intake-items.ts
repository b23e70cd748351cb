/**
 * Issue 13, write units: intake's transaction for a bench nomination, item by item. `npx tsx bench/intake-items.ts
 * [--i 7]` — seconds, no stack. Runs POST /v1/nominations (intake's handler, as a partner with an
 * Idempotency-Key, as the bench posts) against a mocked client to capture its `TransactWriteItems`, prints each
 * item's size by DynamoDB's rules and its WRU as AWS bills a transaction (2 per started KB of each item), then
 * sends the request for real into a fresh table on one DynamoDB Local, today's and with the project's summary as
 * text (the item before the summary was gzip'd), and prints what DynamoDB Local reports (the bench's figure).
 */

import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import { startDynamoDb } from '@wuhan/local-stack';
import { givenPartnerProfile, httpEvent, transactionCosts } from '@wuhan/testing';
import { topology } from '@wuhan/topology';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ensureTable } from '../packages/local-stack/src/provision.js';
import { handler } from '../services/intake/handler.js';
import { nomination } from './nominations.js';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const { values } = parseArgs({ options: { i: { type: 'string', default: '7' } } });
const i = Number(values.i);
const commissioner = { id: 'com-elh-a', district: 'east_lake_hitech', openProjects: 1 };
/** The commissioner's profile as the table holds it: the transaction's counter ADD needs it to exist. */
const commissionerItem = {
  ...keys.principal('commissioner', commissioner.id),
  ...keys.commissionerListing(commissioner.district, commissioner.id),
  ...commissioner,
  role: 'commissioner',
  name: '赵',
  locale: 'zh-CN',
};

/** Intake's request for a new project, captured from a mocked client (nothing is sent anywhere). */
async function capturedRequest(): Promise<TransactWriteCommandInput> {
  // Both clients mocked, as @wuhan/testing's mockTable does, and both restored before DynamoDB Local is used.
  const ddb = mockClient(DynamoDBDocumentClient);
  const low = mockClient(DynamoDBClient);
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
  givenPartnerProfile(ddb);
  // The district's listing (gsi1, keys only), then the profiles read by key (as the GSI projects keys only).
  const { pk, sk, gsi1pk, gsi1sk } = commissionerItem;
  ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: [{ pk, sk, gsi1pk, gsi1sk }] });
  ddb.on(BatchGetCommand).resolves({ Responses: { main: [commissionerItem] } });
  const path = '/v1/nominations';
  const runId = Date.now().toString(36).toUpperCase();
  const answer = await handler(
    httpEvent({
      method: 'POST',
      path,
      headers: { 'idempotency-key': `bench-${runId}-${i}` },
      body: nomination(runId, i, ['east_lake_hitech']),
      authorizer: { role: 'partner', ownerId: 'ptn-hust', keyId: 'key_1' },
    }),
    {} as Context,
  );
  const input = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
  ddb.restore();
  low.restore();
  if (!input) throw new Error(`intake sent no transaction (answered ${JSON.stringify(answer)})`);
  return input;
}

/** The same request with the project's summary as text, as projectPut wrote it before (issue 13). */
function withTextSummary(input: TransactWriteCommandInput): TransactWriteCommandInput {
  return {
    TransactItems: (input.TransactItems ?? []).map((item) => {
      const put = item.Put;
      if (put?.Item?.entity !== 'project' || !(put.Item.summaryGz instanceof Uint8Array)) return item;
      const { summaryGz, ...rest } = put.Item;
      return { Put: { ...put, Item: { ...rest, summary: gunzipSync(summaryGz).toString('utf8') } } };
    }),
  };
}

const retarget = (input: TransactWriteCommandInput, tableName: string): TransactWriteCommandInput => ({
  TransactItems: (input.TransactItems ?? []).map((item) =>
    Object.fromEntries(Object.entries(item).map(([op, body]) => [op, { ...body, TableName: tableName }])),
  ),
});

const request = await capturedRequest();
const dynamodb = await startDynamoDb({ port: 0 });
try {
  const raw = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const client = DynamoDBDocumentClient.from(raw);
  const totals: Record<string, string | number>[] = [];
  for (const [variant, input] of [
    ['before: summary as text', withTextSummary(request)],
    ["after: summary gzip'd", request],
  ] as const) {
    const tableName = `intake-items-${totals.length}`;
    await ensureTable(raw, topology.table, tableName);
    await client.send(new PutCommand({ TableName: tableName, Item: commissionerItem }));
    const sent = retarget(input, tableName);
    const answer = await client.send(
      new TransactWriteCommand({ ...sent, ReturnConsumedCapacity: 'INDEXES' }),
    );
    const costs = transactionCosts(sent);
    console.log(`\n${variant} (nomination ${i})`);
    console.table(
      costs.map((c) => ({
        item: `${c.kind} ${c.entity ?? c.pk.split('#')[0]}`,
        bytes: c.bytes ?? '',
        wru: c.writeUnits,
      })),
    );
    const consumed = answer.ConsumedCapacity ?? [];
    const gsi = consumed.flatMap((c) => Object.values(c.GlobalSecondaryIndexes ?? {}));
    totals.push({
      variant,
      awsBaseTableWru: costs.reduce((sum, c) => sum + c.writeUnits, 0),
      localTableWru: consumed.reduce((sum, c) => sum + (c.Table?.CapacityUnits ?? 0), 0),
      localGsiWru: gsi.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0),
      localConsumedWru: consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0),
    });
  }
  console.table(totals);
  console.log(
    'awsBaseTableWru: 2 WRU per started KB of each item, as AWS bills a transaction (GSI copies apart). local*: ' +
      'DynamoDB Local’s ConsumedCapacity (INDEXES), the bench’s figure, which does not add up its items per KB.',
  );
} finally {
  await dynamodb.stop();
}
