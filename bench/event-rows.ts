/**
 * Issue 13, "each event written once": what one nomination's transaction consumes on DynamoDB Local (the bench's
 * own measure, ConsumedCapacity), with each event in one row (today) and, rebuilt from the same request, with an
 * outbox row beside each history row (before). `npx tsx bench/event-rows.ts [--i 7]` — seconds, no stack: one
 * DynamoDB Local on a free port, a table as the topology declares it (GSIs included), intake's `nominate` run
 * against a mocked client to capture its request, then each variant sent for real into a fresh table. Prints
 * both the per-item price (what AWS bills) and what DynamoDB Local reports, which differ for transactions.
 */

import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import { nominationBody } from '@wuhan/contract';
import { startDynamoDb } from '@wuhan/local-stack';
import { callerAs, transactionCosts } from '@wuhan/testing';
import { topology } from '@wuhan/topology';
import { mockClient } from 'aws-sdk-client-mock';
import { ensureTable } from '../packages/local-stack/src/provision.js';
import { nominate } from '../services/intake/nominate.js';
import { nomination } from './nominations.js';

const { values } = parseArgs({ options: { i: { type: 'string', default: '7' } } });
const commissioner = {
  ...keys.principal('commissioner', 'com-elh-a'),
  id: 'com-elh-a',
  role: 'commissioner',
  district: 'east_lake_hitech',
  openProjects: 1,
  name: '赵',
  locale: 'zh-CN',
};

/** Intake's request for a new project, captured from a mocked client (nothing is sent anywhere). */
async function capturedRequest(): Promise<TransactWriteCommandInput> {
  const ddb = mockClient(DynamoDBDocumentClient);
  const low = mockClient(DynamoDBClient);
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
  ddb.on(GetCommand, { Key: keys.principal('partner', 'ptn-hust') }).resolves({
    Item: {
      id: 'ptn-hust',
      role: 'partner',
      partnerType: 'university',
      name: '华中科技大学',
      locale: 'zh-CN',
    },
  });
  ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: [commissioner] });
  ddb
    .on(GetCommand, { Key: keys.principal('commissioner', commissioner.id) })
    .resolves({ Item: commissioner });
  const body = nominationBody.parse(nomination('evtrows', Number(values.i), ['east_lake_hitech']));
  await nominate(body, callerAs('partner', 'ptn-hust'));
  const input = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
  ddb.restore();
  low.restore();
  if (!input) throw new Error('nominate sent no transaction');
  return input;
}

/** The same request as the code before issue 13 wrote it: an outbox row next to each event's history row. */
function withOutboxRows(input: TransactWriteCommandInput): TransactWriteCommandInput {
  return {
    TransactItems: (input.TransactItems ?? []).flatMap((item) => {
      const row = item.Put?.Item;
      if (row?.entity !== 'history') return [item];
      const event = row.event as { id: string; type: string; occurredAt: string };
      const outbox = {
        Put: {
          TableName: item.Put?.TableName,
          Item: {
            pk: `OUTBOX#${event.id}`,
            sk: 'EVENT',
            entity: 'outbox',
            eventType: event.type,
            event,
            expiresAt: Math.floor(Date.parse(event.occurredAt) / 1000) + 7 * 24 * 3600,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      return [outbox, { Put: { ...item.Put, ConditionExpression: undefined } }];
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
  const rows: Record<string, string | number>[] = [];
  for (const [variant, input] of [
    ['before: outbox + history row per event', withOutboxRows(request)],
    ['after: one (history) row per event', request],
  ] as const) {
    const tableName = `event-rows-${rows.length}`;
    await ensureTable(raw, topology.table, tableName);
    await client.send(new PutCommand({ TableName: tableName, Item: commissioner }));
    const sent = retarget(input, tableName);
    const answer = await client.send(new TransactWriteCommand({ ...sent, ReturnConsumedCapacity: 'TOTAL' }));
    const costs = transactionCosts(sent);
    const events = costs.filter((c) => c.entity === 'history' || c.entity === 'outbox');
    rows.push({
      variant,
      items: costs.filter((c) => c.kind !== 'ConditionCheck').length,
      eventRows: events.length,
      eventRowBytes: events.map((c) => c.bytes).join(' '),
      eventRowWru: events.reduce((sum, c) => sum + c.writeUnits, 0),
      baseTableWru: costs.reduce((sum, c) => sum + c.writeUnits, 0),
      // What DynamoDB Local reports (the bench's pipeline figure): not a sum over items, see below.
      localConsumedWru: (answer.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0),
    });
  }
  console.table(rows);
  console.log(
    'eventRowWru and baseTableWru: 2 WRU per started KB of each item (AWS bills a transaction per item; GSI ' +
      'copies apart). localConsumedWru: DynamoDB Local’s ConsumedCapacity for the transaction (GSIs included), ' +
      'which does not add up its items (four 600-byte puts in one transaction report 2 WRU), so it can stay the ' +
      'same when items are removed.',
  );
} finally {
  await dynamodb.stop();
}
