import type { Credentials, IssuedCredential, StackInfo } from '@wuhan/local-stack';
import { contractFor } from './contract-check.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** The parsed body when it is JSON, otherwise undefined. */
  json: T;
  text: string;
}

type Body = unknown;
/** Tests read fields of any answer; pass a type parameter where the shape matters. */
// biome-ignore lint/suspicious/noExplicitAny: deliberate default for test assertions on JSON answers
type AnyJson = any;

/**
 * A small client for the local stack's HTTP API. Objects are sent as JSON; a string or Buffer is sent as it is
 * (for malformed-JSON and content-type tests). `key` becomes `Authorization: Bearer <key>`. Every answer is
 * checked against the OpenAPI document the API serves (contract-check.ts): an undeclared status or a body that
 * does not match its schema rejects the call, failing the test that made it.
 */
export function api(
  info: Pick<StackInfo, 'apiUrl'>,
  key?: string,
  /** Whose served document to check against (default: this API's); a throttled test stack names another. */
  options: { contractFrom?: string } = {},
) {
  async function call<T>(
    method: string,
    path: string,
    body?: Body,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const raw = body === undefined || typeof body === 'string' || Buffer.isBuffer(body);
    const response = await fetch(`${info.apiUrl}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: raw ? (body as string | Buffer) : JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const answer = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      json: json as T,
      text,
    };
    (await contractFor(options.contractFrom ?? info.apiUrl)).check({ method, path, ...answer });
    return answer;
  }
  return {
    get: <T = AnyJson>(path: string, headers?: Record<string, string>) =>
      call<T>('GET', path, undefined, headers),
    post: <T = AnyJson>(path: string, body?: Body, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    put: <T = AnyJson>(path: string, body?: Body, headers?: Record<string, string>) =>
      call<T>('PUT', path, body, headers),
    patch: <T = AnyJson>(path: string, body?: Body, headers?: Record<string, string>) =>
      call<T>('PATCH', path, body, headers),
    delete: <T = AnyJson>(path: string, headers?: Record<string, string>) =>
      call<T>('DELETE', path, undefined, headers),
    request: call,
  };
}

/** A seeded key: the n-th of a role, or the one matching `where` (e.g. a commissioner's owner id). */
export function credentialFor(
  credentials: Credentials,
  role: string,
  where: number | ((c: IssuedCredential) => boolean) = 0,
): IssuedCredential {
  const ofRole = credentials.keys.filter((k) => k.role === role);
  const found = typeof where === 'number' ? ofRole[where] : ofRole.find(where);
  if (!found) throw new Error(`No seeded ${role} key matching ${String(where)}`);
  return found;
}

/**
 * Runs a schedule through the local control endpoint, now or as if it fired at `at` (the event's `time`: how
 * tests move the clock); answers with what the function returned.
 */
export async function runSchedule(
  info: Pick<StackInfo, 'controlUrl'>,
  name: string,
  at?: Date,
): Promise<{ status: number; result: unknown }> {
  const query = at ? `?at=${encodeURIComponent(at.toISOString())}` : '';
  const response = await fetch(`${info.controlUrl}/schedules/${encodeURIComponent(name)}${query}`, {
    method: 'POST',
  });
  return { status: response.status, result: await response.json() };
}
