import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  commit,
  documentClient,
  IDEMPOTENCY_RETENTION_SECONDS,
  idempotencyKeyOf,
  recordInForce,
  resetConfig,
  type TransactItem,
} from '@wuhan/aws';
import { defineOperations } from '@wuhan/contract';
import { ConflictError } from '@wuhan/domain';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type HttpEvent, httpRouter } from './http.js';

/**
 * The router's Idempotency-Key handling over our own records (issue 13), against a table faked in memory that
 * applies the store's one condition (a record in force blocks a new one), so what is asserted is the decision:
 * replay, 409, 422, release, and in atomic mode the record committed with the effect.
 */
const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const table = new Map<string, Record<string, unknown>>();
const keyOf = (k: { pk?: unknown; sk?: unknown }) => `${String(k.pk)}|${String(k.sk)}`;
const blocked = (existing: Record<string, unknown> | undefined) =>
  recordInForce(existing, new Date()) !== undefined;
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

function fakeTable() {
  table.clear();
  ddb.reset();
  ddb.on(GetCommand).callsFake(async ({ Key }) => {
    if (String(Key.pk).startsWith('IDEMPOTENCY#')) await lookupGate;
    return { Item: table.get(keyOf(Key)) };
  });
  ddb.on(PutCommand).callsFake(({ Item, ConditionExpression }) => {
    if (ConditionExpression && blocked(table.get(keyOf(Item)))) throw conditionFailed();
    table.set(keyOf(Item), Item);
    return {};
  });
  ddb.on(DeleteCommand).callsFake(({ Key }) => {
    if (table.get(keyOf(Key))?.idempotencyStatus !== 'in_progress') throw conditionFailed();
    table.delete(keyOf(Key));
    return {};
  });
  ddb.on(TransactWriteCommand).callsFake(({ TransactItems }: { TransactItems: TransactItem[] }) => {
    for (const item of TransactItems) {
      const put = item.Put;
      if (
        put?.Item &&
        String(put.Item.pk).startsWith('IDEMPOTENCY#') &&
        blocked(table.get(keyOf(put.Item)))
      ) {
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: TransactItems.map((i) => ({
            Code: i === item ? 'ConditionalCheckFailed' : 'None',
          })),
        });
      }
    }
    for (const item of TransactItems) if (item.Put?.Item) table.set(keyOf(item.Put.Item), item.Put.Item);
    return {};
  });
}

const context = { functionName: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function event(body: unknown, idempotencyKey?: string, path = '/v1/things'): HttpEvent {
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: `POST ${path}`,
      authorizer: { lambda: { role: 'staff', ownerId: 'stf-1', keyId: 'key_1' } },
    },
  } as unknown as HttpEvent;
}

const body = z.strictObject({ title: z.string() });
const responses = { '201': { description: 'Created' } };
const operations = defineOperations({
  'POST /v1/things': { operationId: 'thing', summary: 's', tags: ['t'], roles: ['staff'], body, responses },
  'POST /v1/secrets': { operationId: 'secret', summary: 's', tags: ['t'], roles: ['staff'], body, responses },
  'POST /v1/atomic': { operationId: 'atomic', summary: 's', tags: ['t'], roles: ['staff'], body, responses },
  'POST /v1/overlapped': {
    operationId: 'overlapped',
    summary: 's',
    tags: ['t'],
    roles: ['staff'],
    body,
    responses,
  },
  'POST /v1/hasty': { operationId: 'hasty', summary: 's', tags: ['t'], roles: ['staff'], body, responses },
});

let runs = 0;
let gate: Promise<void> | undefined;
let failNext = false;
/** Holds the router's record lookups while set. */
let lookupGate: Promise<void> | undefined;

/** The effect of an atomic route: one THING row and the idempotency record, in one transaction. */
async function commitThing(record: TransactItem | undefined) {
  await commit([
    { Put: { TableName: 'main', Item: { pk: `THING#${runs}`, sk: 'THING' } } },
    ...(record ? [record] : []),
  ]);
}
const handler = httpRouter(operations, {
  'POST /v1/things': async (request) => {
    runs++;
    await gate;
    if (failNext) {
      failNext = false;
      throw new ConflictError('Not now');
    }
    return {
      status: 201,
      body: { run: runs, title: request.body.title },
      headers: { location: `/v1/t/${runs}` },
    };
  },
  'POST /v1/secrets': {
    handle: async () => {
      runs++;
      return { status: 201, body: { id: `s-${runs}`, secret: 'wdt_shown_once' } };
    },
    redactForReplay: (answer) => ({ ...(answer as object), secret: undefined, shownOnce: true }),
  },
  'POST /v1/atomic': {
    idempotency: 'atomic',
    handle: async (request) => {
      runs++;
      await gate;
      const answer = { status: 201, body: { run: runs } };
      const record = request.idempotency?.transactItem(answer);
      await commit([
        { Put: { TableName: 'main', Item: { pk: `THING#${runs}`, sk: 'THING' } } },
        ...(record ? [record] : []),
      ]);
      return answer;
    },
  },
  'POST /v1/overlapped': {
    idempotency: 'atomic',
    overlapReplayCheck: true,
    handle: async (request) => {
      runs++;
      await documentClient.send(new GetCommand({ TableName: 'main', Key: { pk: 'OTHER', sk: 'OTHER' } }));
      if (failNext) throw new ConflictError('Not now');
      await request.idempotency?.checked();
      const answer = { status: 201, body: { run: runs } };
      await commitThing(request.idempotency?.transactItem(answer));
      return answer;
    },
  },
  'POST /v1/hasty': {
    idempotency: 'atomic',
    overlapReplayCheck: true,
    // Forgets to await `checked()`: the record must refuse to be built rather than let it write on a replay.
    handle: async (request) => {
      runs++;
      const answer = { status: 201, body: { run: runs } };
      await commitThing(request.idempotency?.transactItem(answer));
      return answer;
    },
  },
});

const call = async (e: HttpEvent) => {
  const result = await handler(e, context);
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
};

beforeEach(() => {
  fakeTable();
  runs = 0;
  gate = undefined;
  failNext = false;
  lookupGate = undefined;
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('Idempotency-Key (locked: a record before the work, the answer after it)', () => {
  it('runs once and replays status, headers and body to the same key and body', async () => {
    const first = await call(event({ title: 'a' }, 'k-1'));
    const second = await call(event({ title: 'a' }, 'k-1'));

    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers?.location).toBe('/v1/t/1');
    expect(runs).toBe(1);
  });

  it('keeps the answer a day and locks only for the time the function has left', async () => {
    const before = Date.now();
    await call(event({ title: 'a' }, 'k-ttl'));

    const lock = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect(lock.idempotencyStatus).toBe('in_progress');
    expect(Number(lock.lockedUntil) - before).toBeGreaterThanOrEqual(10_000);
    expect(Number(lock.lockedUntil) - Date.now()).toBeLessThanOrEqual(10_000);
    const stored = table.get(keyOf(idempotencyKeyOf('staff:stf-1|POST /v1/things|k-ttl'))) ?? {};
    expect(stored.idempotencyStatus).toBe('completed');
    expect(Number(stored.expiresAt) - before / 1000).toBeGreaterThan(IDEMPOTENCY_RETENTION_SECONDS - 5);
    expect(Number(stored.expiresAt) - Date.now() / 1000).toBeLessThanOrEqual(IDEMPOTENCY_RETENTION_SECONDS);
  });

  it('refuses the same key with another body (422 idempotency-key-reused), running nothing', async () => {
    await call(event({ title: 'a' }, 'k-2'));
    const other = await call(event({ title: 'b' }, 'k-2'));

    expect(other.statusCode).toBe(422);
    expect(other.json.type).toMatch(/\/idempotency-key-reused$/);
    expect(runs).toBe(1);
  });

  it('scopes the key to the route: the same key on another path is another request', async () => {
    await call(event({ title: 'a' }, 'k-3'));
    const elsewhere = await call(event({ title: 'a' }, 'k-3', '/v1/secrets'));

    expect(elsewhere.statusCode).toBe(201);
    expect(runs).toBe(2);
  });

  it('answers a duplicate that arrives while the first runs with 409 idempotency-in-progress and Retry-After', async () => {
    let open = () => {};
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = call(event({ title: 'a' }, 'k-4'));
    await new Promise((resolve) => setImmediate(resolve));
    const duplicate = await call(event({ title: 'a' }, 'k-4'));
    open();

    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json.type).toMatch(/\/idempotency-in-progress$/);
    expect(duplicate.headers?.['retry-after']).toBe('1');
    expect((await first).statusCode).toBe(201);
    expect(runs).toBe(1);
  });

  it('releases the lock when the work fails, so the retry runs', async () => {
    failNext = true;
    const failed = await call(event({ title: 'a' }, 'k-5'));
    const retried = await call(event({ title: 'a' }, 'k-5'));

    expect(failed.statusCode).toBe(409);
    expect(failed.json.type).toMatch(/\/conflict$/);
    expect(retried.statusCode).toBe(201);
    expect(runs).toBe(2);
  });

  it('stores only the redacted answer of a route that shows a secret once', async () => {
    const first = await call(event({ title: 'a' }, 'k-6', '/v1/secrets'));
    const replay = await call(event({ title: 'a' }, 'k-6', '/v1/secrets'));

    expect(first.json.secret).toBe('wdt_shown_once');
    expect(replay.json).toEqual({ id: 's-1', shownOnce: true });
    expect(JSON.stringify([...table.values()])).not.toContain('wdt_shown_once');
  });

  it('touches no record without an Idempotency-Key', async () => {
    await call(event({ title: 'a' }));
    await call(event({ title: 'a' }));

    expect(runs).toBe(2);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('Idempotency-Key (atomic: the record commits with the effect)', () => {
  it('puts the completed record in the route transaction, conditioned, with no lock and no second write', async () => {
    const first = await call(event({ title: 'a' }, 'k-7', '/v1/atomic'));

    expect(first.statusCode).toBe(201);
    const [transaction] = ddb.commandCalls(TransactWriteCommand);
    const record = transaction?.args[0].input.TransactItems?.find((i) =>
      String(i.Put?.Item?.pk).startsWith('IDEMPOTENCY#'),
    );
    expect(record?.Put?.Item).toMatchObject({
      idempotencyStatus: 'completed',
      response: { statusCode: 201 },
    });
    expect(record?.Put?.ConditionExpression).toContain('attribute_not_exists(pk)');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('replays the committed answer, and refuses another body', async () => {
    const first = await call(event({ title: 'a' }, 'k-8', '/v1/atomic'));
    const replay = await call(event({ title: 'a' }, 'k-8', '/v1/atomic'));
    const other = await call(event({ title: 'b' }, 'k-8', '/v1/atomic'));

    expect(replay.statusCode).toBe(201);
    expect(replay.json).toEqual(first.json);
    expect(other.statusCode).toBe(422);
    expect(runs).toBe(1);
  });

  it('a duplicate that loses the race at the commit answers with the winner answer', async () => {
    let open = () => {};
    gate = new Promise((resolve) => {
      open = resolve;
    });
    // Both read "no record" before either commits.
    const first = call(event({ title: 'a' }, 'k-9', '/v1/atomic'));
    const second = call(event({ title: 'a' }, 'k-9', '/v1/atomic'));
    await new Promise((resolve) => setImmediate(resolve));
    open();
    const answers = await Promise.all([first, second]);

    expect(runs).toBe(2);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
    expect(answers[1]?.json).toEqual(answers[0]?.json);
    expect([...table.keys()].filter((k) => k.startsWith('THING#'))).toHaveLength(1);
  });
});

describe('Idempotency-Key (atomic, overlapped: the route reads while the record is looked up)', () => {
  it('sends the route reads alongside the lookup, and commits the record with the effect', async () => {
    let open = () => {};
    lookupGate = new Promise((resolve) => {
      open = resolve;
    });
    const answer = call(event({ title: 'a' }, 'k-10', '/v1/overlapped'));
    await new Promise((resolve) => setImmediate(resolve));
    // The lookup has not answered, and the route's own read is out already.
    const sentMeanwhile = ddb.commandCalls(GetCommand).map((c) => String(c.args[0].input.Key?.pk));
    open();
    const first = await answer;

    expect(sentMeanwhile).toEqual([expect.stringMatching(/^IDEMPOTENCY#/), 'OTHER']);
    expect(first.statusCode).toBe(201);
    expect(table.get(keyOf(idempotencyKeyOf('staff:stf-1|POST /v1/overlapped|k-10')))).toMatchObject({
      idempotencyStatus: 'completed',
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('a replay gets the stored answer and writes nothing, even when the route would now refuse', async () => {
    const first = await call(event({ title: 'a' }, 'k-11', '/v1/overlapped'));
    failNext = true;
    const refusedMeanwhile = await call(event({ title: 'a' }, 'k-11', '/v1/overlapped'));
    const replay = await call(event({ title: 'a' }, 'k-11', '/v1/overlapped'));
    const other = await call(event({ title: 'b' }, 'k-11', '/v1/overlapped'));

    expect(refusedMeanwhile.statusCode).toBe(201);
    expect(refusedMeanwhile.json).toEqual(first.json);
    expect(replay.json).toEqual(first.json);
    expect(other.statusCode).toBe(422);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect([...table.keys()].filter((k) => k.startsWith('THING#'))).toHaveLength(1);
  });

  it('a route that builds its record before the lookup answered fails, writing nothing', async () => {
    const hasty = await call(event({ title: 'a' }, 'k-12', '/v1/hasty'));

    expect(hasty.statusCode).toBe(500);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('without an Idempotency-Key the route runs and commits as any other', async () => {
    const first = await call(event({ title: 'a' }, undefined, '/v1/overlapped'));

    expect(first.statusCode).toBe(201);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
