import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { parameterVersionItem, resetConfig } from '@wuhan/aws';
import { addDays, defaultVersion, subsidyDefaults, today } from '@wuhan/domain';
import type { HttpEvent } from '@wuhan/middleware';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from './handler.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const context = { functionName: 'parameters', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function request(options: {
  routeKey: string;
  set: string;
  body?: unknown;
  query?: Record<string, string>;
  role?: string;
}): HttpEvent {
  const [method, template] = options.routeKey.split(' ') as [string, string];
  const path = template.replace('{set}', options.set);
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
    pathParameters: { set: options.set },
    queryStringParameters: options.query,
    requestContext: {
      http: { method, path },
      requestId: 'req-1',
      routeKey: options.routeKey,
      authorizer: { lambda: { role: options.role ?? 'staff', ownerId: 'stf_1', keyId: 'key_1' } },
    },
  } as unknown as HttpEvent;
}

async function call(event: HttpEvent) {
  const result = await handler(event, context);
  return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined };
}

const todayThere = today(new Date());

beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [parameterVersionItem(defaultVersion('subsidy', new Date()))] });
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('POST /v1/parameters/{set}', () => {
  const post = (set: string, body: unknown, role?: string) =>
    call(request({ routeKey: 'POST /v1/parameters/{set}', set, body, ...(role ? { role } : {}) }));

  it('publishes a version from today: 201 with the new version', async () => {
    const res = await post('subsidy', { validFrom: todayThere, values: subsidyDefaults, reason: '年度复核' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ set: 'subsidy', version: 2, validFrom: todayThere, changedBy: 'stf_1' });
  });

  it('names each value that fails the set’s schema under body.values, and writes nothing', async () => {
    const values = {
      ...subsidyDefaults,
      competitionAward: { prizeTiers: [{ tier: 'first_prize', label: '一等奖', amountFen: 150_000_000 }] },
      firstUse: { perProjectCapFen: 1.5 },
    };
    const res = await post('subsidy', { validFrom: todayThere, values, reason: '测试' });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.values.competitionAward.prizeTiers.0.amountFen',
      'body.values.firstUse.perProjectCapFen',
    ]);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses a version starting yesterday with 422 naming body.validFrom, and writes nothing', async () => {
    const res = await post('subsidy', {
      validFrom: addDays(todayThere, -1),
      values: subsidyDefaults,
      reason: '补录',
    });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'body.validFrom' })]);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('is for staff only', async () => {
    const res = await post(
      'subsidy',
      { validFrom: todayThere, values: subsidyDefaults, reason: 'x' },
      'fund_manager',
    );
    expect(res.status).toBe(403);
  });

  it('answers 400 for a set that does not exist', async () => {
    const res = await post('bonus', { validFrom: todayThere, values: {}, reason: 'x' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe('path.set');
  });
});

describe('reading parameters', () => {
  const inForce = (set: string, role: string, date = todayThere) =>
    call(request({ routeKey: 'GET /v1/parameters/{set}/in-force', set, role, query: { date } }));

  it('lets a fund manager read the subsidy set but not the evaluation set', async () => {
    expect((await inForce('subsidy', 'fund_manager')).status).toBe(200);
    expect((await inForce('evaluation', 'fund_manager')).status).toBe(403);
  });

  it('keeps every set from experts and partners', async () => {
    expect((await inForce('evaluation', 'expert')).status).toBe(403);
    expect((await inForce('matching', 'partner')).status).toBe(403);
  });

  it('answers 404 for a day before the plan', async () => {
    const res = await inForce('subsidy', 'staff', '2024-12-31');
    expect(res.status).toBe(404);
  });
});
