import { defineOperations } from '@wuhan/contract';
import type { Principal } from '@wuhan/domain';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type HttpEvent, httpRouter } from './http.js';

/** The key's scopes reach the route from the authorizer's context (a comma-separated string). */
const context = { functionName: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

const handler = httpRouter(
  defineOperations({
    'GET /v1/whoami': {
      operationId: 'whoami',
      summary: 'Who calls',
      tags: ['test'],
      roles: ['staff'],
      responses: { '200': { description: 'The principal' } },
    },
  }),
  { 'GET /v1/whoami': async ({ principal }) => ({ status: 200, body: principal }) },
);

async function principalFor(lambda: Record<string, string>): Promise<Principal> {
  const event = {
    version: '2.0',
    routeKey: 'GET /v1/whoami',
    rawPath: '/v1/whoami',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      http: {
        method: 'GET',
        path: '/v1/whoami',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 't',
      },
      requestId: 'req-1',
      routeKey: 'GET /v1/whoami',
      authorizer: { lambda },
    },
  } as unknown as HttpEvent;
  const result = await handler(event, context);
  expect(result.statusCode).toBe(200);
  return JSON.parse(result.body);
}

describe('principal scopes', () => {
  const base = { role: 'staff', ownerId: 'stf-1', keyId: 'key_1' };

  it('reads the admin scope', async () => {
    expect((await principalFor({ ...base, scopes: 'admin' })).scopes).toEqual(['admin']);
  });

  it('gives none for an empty, missing or unknown scope list', async () => {
    expect(await principalFor({ ...base, scopes: '' })).toEqual(base);
    expect(await principalFor(base)).toEqual(base);
    expect(await principalFor({ ...base, scopes: 'root,superuser' })).toEqual(base);
  });
});
