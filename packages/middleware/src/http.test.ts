import { defineOperations } from '@wuhan/contract';
import { ConflictError, NotFoundError } from '@wuhan/domain';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type HttpEvent, httpRouter, MAX_BODY_BYTES } from './http.js';

const context = { functionName: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function event(overrides: {
  method?: string;
  path?: string;
  routeKey?: string;
  body?: string;
  headers?: Record<string, string>;
  principal?: { role: string; ownerId: string; keyId: string } | null;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}): HttpEvent {
  const method = overrides.method ?? 'POST';
  const path = overrides.path ?? '/v1/things';
  return {
    version: '2.0',
    routeKey: overrides.routeKey ?? `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...overrides.headers },
    body: overrides.body,
    isBase64Encoded: false,
    pathParameters: overrides.pathParameters,
    queryStringParameters: overrides.query,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: overrides.routeKey ?? `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: {
        lambda:
          overrides.principal === null
            ? { anonymous: 'missing' }
            : (overrides.principal ?? { role: 'partner', ownerId: 'ptn-1', keyId: 'key_1' }),
      },
    },
  } as unknown as HttpEvent;
}

const seen: unknown[] = [];
const operations = defineOperations({
  'POST /v1/things': {
    operationId: 'createThing',
    summary: 'Create a thing',
    tags: ['things'],
    roles: ['partner'],
    body: z.strictObject({ title: z.string().min(1), lead: z.strictObject({ email: z.email() }) }),
    responses: { '201': { description: 'Created' } },
  },
  'GET /v1/things/{id}': {
    operationId: 'getThing',
    summary: 'A thing',
    tags: ['things'],
    roles: ['partner', 'staff'],
    params: z.strictObject({ id: z.string().regex(/^t-\d+$/) }),
    responses: { '200': { description: 'The thing' } },
  },
  'GET /v1/public': {
    operationId: 'public',
    summary: 'Public',
    tags: ['things'],
    roles: 'public',
    responses: { '200': { description: 'Up' } },
  },
});

const handler = httpRouter(operations, {
  'POST /v1/things': async ({ body, principal }) => {
    seen.push(body);
    return { status: 201, body: { ok: true, owner: principal.ownerId } };
  },
  'GET /v1/things/{id}': async ({ params }) => {
    if (params.id === 't-404') throw new NotFoundError('No such thing');
    if (params.id === 't-409') throw new ConflictError('Already there', { existingId: 't-1' });
    if (params.id === 't-500') throw new Error('database password is hunter2');
    return { status: 200, body: { id: params.id } };
  },
  'GET /v1/public': async () => ({ status: 200, body: { up: true } }),
});

async function call(e: HttpEvent) {
  const result = await handler(e, context);
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

const valid = JSON.stringify({ title: '量子传感', lead: { email: 'a@b.cn' } });

describe('httpRouter', () => {
  it('runs the route with the parsed body and the principal, and echoes the correlation id', async () => {
    const res = await call(event({ body: valid, headers: { 'x-correlation-id': 'corr-123' } }));
    expect(res.statusCode).toBe(201);
    expect(res.json).toEqual({ ok: true, owner: 'ptn-1' });
    expect(res.headers?.['x-correlation-id']).toBe('corr-123');
  });

  it('answers malformed JSON with 400 malformed-json problem+json', async () => {
    const res = await call(event({ body: '{"title": "x",' }));
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json.type).toMatch(/\/malformed-json$/);
    expect(res.json.errors[0].field).toBe('body');
  });

  // Issue 12, defect 8: JSON.parse kept the last duplicate and turned __proto__ into a property.
  it.each([
    ['a duplicate key', '{"title":"a","title":"b","lead":{"email":"a@b.cn"}}', 'body.title', 'duplicate_key'],
    [
      '__proto__',
      '{"title":"a","lead":{"email":"a@b.cn","__proto__":{}}}',
      'body.lead.__proto__',
      'forbidden_key',
    ],
    [
      'constructor',
      '{"title":"a","constructor":{},"lead":{"email":"a@b.cn"}}',
      'body.constructor',
      'forbidden_key',
    ],
    // Issue 12, defect 2: what SQS would refuse downstream is refused here, named.
    ['U+FFFF in the title', '{"title":"a\\uffff","lead":{"email":"a@b.cn"}}', 'body.title', 'noncharacter'],
    [
      'a lone surrogate in the title',
      '{"title":"a\\ud800","lead":{"email":"a@b.cn"}}',
      'body.title',
      'lone-surrogate',
    ],
  ])(
    'refuses a body with %s with 400, naming the field, before the route runs',
    async (_case, body, field, code) => {
      const before = seen.length;
      const res = await call(event({ body }));
      expect(res.statusCode).toBe(400);
      expect(res.json.type).toMatch(/\/validation$/);
      expect(res.json.errors).toEqual([expect.objectContaining({ field, code })]);
      expect(seen.length).toBe(before);
    },
  );

  it('refuses a noncharacter in a path parameter with 400 naming it', async () => {
    const res = await call(
      event({
        method: 'GET',
        path: '/v1/things/t-1',
        routeKey: 'GET /v1/things/{id}',
        pathParameters: { id: 't-1\uFFFF' },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'path.id', code: 'noncharacter' })]);
  });

  it('accepts astral characters: CJK Extension B and emoji', async () => {
    const res = await call(event({ body: JSON.stringify({ title: '𠀀 🚀', lead: { email: 'a@b.cn' } }) }));
    expect(res.statusCode).toBe(201);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await call(
      event({ body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(res.statusCode).toBe(415);
    expect(res.json.type).toMatch(/\/unsupported-media-type$/);
  });

  it('refuses a body over 256 KB with 413 before parsing it', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(MAX_BODY_BYTES), lead: { email: 'a@b.cn' } });
    const res = await call(event({ body: big }));
    expect(res.statusCode).toBe(413);
  });

  it('counts the limit in UTF-8 bytes, so Chinese text cannot slip past it', async () => {
    const chars = Math.ceil(MAX_BODY_BYTES / 3) + 10; // each 汉 is 3 bytes
    const res = await call(
      event({ body: JSON.stringify({ title: '汉'.repeat(chars), lead: { email: 'a@b.cn' } }) }),
    );
    expect(res.statusCode).toBe(413);
  });

  it('names every failing field, unknown fields at their own path', async () => {
    const res = await call(
      event({ body: JSON.stringify({ title: '', lead: { email: 'nope', phone: '1' }, x: 1 }) }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.type).toMatch(/\/validation$/);
    const fields = res.json.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['body.lead.email', 'body.lead.phone', 'body.title', 'body.x']);
  });

  it('answers 401 with a Bearer challenge when the authorizer found no key', async () => {
    const before = seen.length;
    const res = await call(event({ body: valid, principal: null }));
    expect(res.statusCode).toBe(401);
    expect(res.headers?.['www-authenticate']).toMatch(/^Bearer/);
    expect(seen).toHaveLength(before);
  });

  it('answers 403 when the role may not call the route', async () => {
    const res = await call(event({ body: valid, principal: { role: 'expert', ownerId: 'e', keyId: 'k' } }));
    expect(res.statusCode).toBe(403);
    expect(res.json.type).toMatch(/\/forbidden$/);
  });

  it('validates path parameters', async () => {
    const res = await call(
      event({
        method: 'GET',
        path: '/v1/things/zzz',
        routeKey: 'GET /v1/things/{id}',
        pathParameters: { id: 'zzz' },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.errors[0].field).toBe('path.id');
  });

  it('maps domain errors to their problems and keeps their details', async () => {
    const get = (id: string) =>
      call(
        event({
          method: 'GET',
          path: `/v1/things/${id}`,
          routeKey: 'GET /v1/things/{id}',
          pathParameters: { id },
        }),
      );
    expect((await get('t-404')).statusCode).toBe(404);
    const conflict = await get('t-409');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json.existingId).toBe('t-1');
  });

  it('hides an unexpected error behind a generic 500', async () => {
    const res = await call(
      event({
        method: 'GET',
        path: '/v1/things/t-500',
        routeKey: 'GET /v1/things/{id}',
        pathParameters: { id: 't-500' },
      }),
    );
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(res.headers?.['x-correlation-id']).toBe('req-1');
  });

  it('serves public routes without a principal', async () => {
    const res = await call(event({ method: 'GET', path: '/v1/public', principal: null }));
    expect(res.statusCode).toBe(200);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await call(event({ method: 'GET', path: '/v1/nothing' }));
    expect(res.statusCode).toBe(404);
    expect(res.json.type).toMatch(/\/not-found$/);
  });
});
