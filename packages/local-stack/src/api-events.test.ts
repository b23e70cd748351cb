import { describe, expect, it } from 'vitest';
import { apiGatewayEvent, authorizerEvent } from './api-events.js';
import { toHttpResult } from './api-gateway.js';

const request = {
  method: 'POST',
  rawPath: '/v1/projects/p%201/status',
  rawQueryString: 'a=1&a=2&b=%E6%AD%A6',
  rawHeaders: [
    'Content-Type',
    'application/json',
    'X-Multi',
    'one',
    'x-multi',
    'two',
    'Cookie',
    'a=1; b=2',
    'User-Agent',
    'curl/8',
  ],
  body: Buffer.from('{"title":"武汉"}'),
  sourceIp: '127.0.0.1',
  host: '127.0.0.1:4000',
};

describe('API Gateway v2 events', () => {
  it('builds a payload 2.0 event: lower-cased joined headers, cookies, query, path parameters, text body', () => {
    const event = apiGatewayEvent(
      request,
      'POST /v1/projects/{id}/status',
      { id: 'p 1' },
      'req-1',
      new Date(0),
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/projects/{id}/status',
      rawPath: '/v1/projects/p 1/status',
      rawQueryString: 'a=1&a=2&b=%E6%AD%A6',
      cookies: ['a=1', 'b=2'],
      headers: { 'content-type': 'application/json', 'x-multi': 'one,two', 'user-agent': 'curl/8' },
      queryStringParameters: { a: '1,2', b: '武' },
      pathParameters: { id: 'p 1' },
      body: '{"title":"武汉"}',
      isBase64Encoded: false,
      requestContext: {
        requestId: 'req-1',
        stage: '$default',
        routeKey: 'POST /v1/projects/{id}/status',
        http: { method: 'POST', sourceIp: '127.0.0.1', userAgent: 'curl/8', protocol: 'HTTP/1.1' },
        timeEpoch: 0,
      },
    });
    expect(event.headers.cookie).toBeUndefined();
  });

  it('base64-encodes a binary body and omits empty parts', () => {
    const event = apiGatewayEvent(
      {
        ...request,
        rawQueryString: '',
        rawHeaders: ['content-type', 'application/octet-stream'],
        body: Buffer.from([0, 255]),
      },
      'POST /x',
      {},
    );
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe('AP8=');
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
  });

  it('gives the authorizer the route ARN and the request, with no identity source', () => {
    const event = authorizerEvent(
      apiGatewayEvent(request, 'POST /v1/projects/{id}/status', { id: 'p' }),
      'us-east-1',
    );
    expect(event.type).toBe('REQUEST');
    expect(event.routeArn).toBe(
      'arn:aws:execute-api:us-east-1:000000000000:local/$default/POST/v1/projects/{id}/status',
    );
    expect(event.headers?.['content-type']).toBe('application/json');
    expect('identitySource' in event).toBe(false);
  });

  it('maps handler results as payload 2.0 does', () => {
    expect(
      toHttpResult({ statusCode: 201, headers: { 'X-A': 'b' }, body: 'hi', cookies: ['c=1'] }),
    ).toMatchObject({
      statusCode: 201,
      headers: { 'x-a': 'b' },
      cookies: ['c=1'],
      body: Buffer.from('hi'),
    });
    expect(toHttpResult({ statusCode: 200, body: 'aGk=', isBase64Encoded: true }).body.toString()).toBe('hi');
    const bare = toHttpResult({ ok: true });
    expect(bare.statusCode).toBe(200);
    expect(JSON.parse(bare.body.toString())).toEqual({ ok: true });
  });
});
