import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './lambda-context.js';

/** What the emulator read off the socket, before API Gateway's shaping. */
export interface IncomingRequest {
  method: string;
  /** The path without the query string, still percent-encoded. */
  rawPath: string;
  rawQueryString: string;
  /** Node's raw header list: [name, value, name, value, …]. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  host: string;
}

export const LOCAL_API_ID = 'local';

const textContentType =
  /^(text\/|application\/(json|.*\+json|xml|.*\+xml|x-www-form-urlencoded|javascript))/i;

/** Header names lower-cased, repeated headers joined with commas; cookies go to `cookies` as in payload 2.0. */
function shapeHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    out[name] = name in out ? `${out[name]},${value}` : value;
  }
  return out;
}

/** The `requestContext` both the authorizer and the route's function see. */
function requestContext(request: IncomingRequest, routeKey: string, requestId: string, now: Date) {
  const { headers } = shapeHeaders(request.rawHeaders);
  return {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    domainName: request.host,
    domainPrefix: request.host.split('.')[0] ?? request.host,
    http: {
      method: request.method,
      path: decodeURIComponent(request.rawPath),
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey,
    stage: '$default',
    time: now.toUTCString(),
    timeEpoch: now.getTime(),
  };
}

/** An API Gateway HTTP API (payload format 2.0) proxy event, as a Lambda integration receives it. */
export function apiGatewayEvent(
  request: IncomingRequest,
  routeKey: string,
  pathParameters: Record<string, string>,
  requestId: string = randomUUID(),
  now: Date = new Date(),
): APIGatewayProxyEventV2 {
  const { headers, cookies } = shapeHeaders(request.rawHeaders);
  const isText = !headers['content-type'] || textContentType.test(headers['content-type']);
  const query = queryParameters(request.rawQueryString);
  return {
    version: '2.0',
    routeKey,
    rawPath: decodeURIComponent(request.rawPath),
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: requestContext(request, routeKey, requestId, now),
    ...(request.body.length > 0 ? { body: request.body.toString(isText ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: request.body.length > 0 && !isText,
  };
}

/** The REQUEST authorizer's event (payload 2.0, simple responses), with no identity source configured. */
export function authorizerEvent(
  apiEvent: APIGatewayProxyEventV2,
  region: string,
): APIGatewayRequestAuthorizerEventV2 {
  const [method, path] = apiEvent.routeKey.split(' ');
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${region}:${LOCAL_ACCOUNT_ID}:${LOCAL_API_ID}/$default/${method}${path}`,
    routeKey: apiEvent.routeKey,
    rawPath: apiEvent.rawPath,
    rawQueryString: apiEvent.rawQueryString,
    ...(apiEvent.cookies ? { cookies: apiEvent.cookies } : {}),
    headers: apiEvent.headers as Record<string, string>,
    ...(apiEvent.queryStringParameters
      ? { queryStringParameters: apiEvent.queryStringParameters as Record<string, string> }
      : {}),
    ...(apiEvent.pathParameters ? { pathParameters: apiEvent.pathParameters as Record<string, string> } : {}),
    requestContext: apiEvent.requestContext,
  } as APIGatewayRequestAuthorizerEventV2;
}
