import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiGatewayEvent, authorizerEvent, type IncomingRequest } from './api-events.js';
import type { LocalFunction } from './lambda-runtime.js';
import { type CompiledRoute, matchRoute } from './routes.js';
import type { ApiThrottle, Budget } from './throttle.js';

/** API Gateway's own payload limit for HTTP APIs; the handlers enforce the product's 256 KB themselves. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const CONTROL_PREFIX = '/_local';

export interface ControlResponse {
  status: number;
  body: unknown;
}
export type ControlHandler = (
  method: string,
  path: string,
  body: string,
  /** The raw query string (`at=2026-…`), without the `?`. */
  query: string,
) => Promise<ControlResponse>;

export interface ApiGatewayOptions {
  port: number;
  region: string;
  routes: readonly CompiledRoute[];
  functions: ReadonlyMap<string, LocalFunction>;
  authorizer: LocalFunction | undefined;
  /** The keyed and anonymous budgets (throttle.ts); undefined: no throttling. */
  throttle: ApiThrottle | undefined;
  control: ControlHandler;
  log: (line: string) => void;
}

interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const json = (statusCode: number, value: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify(value)),
});

/**
 * Payload 2.0 response rules: an object with `statusCode` is taken as the response; anything else is a 200 whose
 * JSON body is the returned value.
 */
export function toHttpResult(result: unknown): HttpResult {
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const r = result as {
      statusCode: number;
      headers?: Record<string, unknown>;
      cookies?: string[];
      body?: string;
      isBase64Encoded?: boolean;
    };
    const headers = Object.fromEntries(
      Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    return {
      statusCode: r.statusCode,
      headers,
      cookies: r.cookies ?? [],
      body: Buffer.from(r.body ?? '', r.isBase64Encoded ? 'base64' : 'utf8'),
    };
  }
  if (typeof result === 'string') return { ...json(200, undefined), body: Buffer.from(result) };
  return json(200, result ?? null);
}

const TOO_LARGE = Symbol('too large');

/**
 * The whole body, or TOO_LARGE past API Gateway's limit. Issue 12, defect 8: the body is read to its end even
 * then (the excess discarded, so memory stays bounded). Stopping mid-body (a throw out of `for await` destroys
 * the request) cut the connection under a client still sending, which saw a reset instead of the 413 and lost
 * its keep-alive socket; read to the end, the 413 arrives and the connection serves the next request.
 */
function readBody(req: IncomingMessage): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Whether every `%` in the path starts a valid UTF-8 escape; API Gateway answers 400 when one does not. */
function decodablePath(rawPath: string): boolean {
  try {
    decodeURIComponent(rawPath);
    return true;
  } catch {
    return false;
  }
}

function authorizerContext(result: unknown): { isAuthorized: boolean; context: Record<string, unknown> } {
  if (
    !result ||
    typeof result !== 'object' ||
    typeof (result as { isAuthorized?: unknown }).isAuthorized !== 'boolean'
  ) {
    throw new Error('The authorizer must return a simple response { isAuthorized, context }');
  }
  const { isAuthorized, context } = result as { isAuthorized: boolean; context?: Record<string, unknown> };
  return { isAuthorized, context: context ?? {} };
}

/**
 * API Gateway (HTTP API) in front of the functions: route, throttle, authorize, integrate. Unlike one stage-wide
 * bucket, keyless and keyed callers have separate budgets (throttle.ts `Budget`).
 */
export class ApiGateway {
  private server: Server | undefined;
  /** Requests being answered; `close` waits for them, so a request that commits also gets its answer. */
  private inFlight = 0;
  private closing = false;

  constructor(private readonly options: ApiGatewayOptions) {}

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      if (this.closing) return this.refuseWhileClosing(res);
      this.inFlight++;
      this.handle(req, res)
        .catch((error: unknown) => {
          this.options.log(`api: ${(error as Error).stack ?? error}`);
          if (!res.headersSent) this.write(res, json(500, { message: 'Internal Server Error' }), 'unknown');
        })
        .finally(() => {
          this.inFlight--;
        });
    });
    server.keepAliveTimeout = 5000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /**
   * Stops taking requests, lets those in flight answer (up to `drainMs`, the API's integration timeout), then
   * cuts what is left. Cutting at once used to drop answers of requests that had already committed.
   */
  async close(drainMs = 30_000): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + drainMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (this.inFlight > 0) this.options.log(`api: closing with ${this.inFlight} requests unanswered`);
    server.closeAllConnections();
    await closed;
  }

  /** A request on a kept-alive connection after `close` began: retry later, elsewhere (a new connection). */
  private refuseWhileClosing(res: ServerResponse): void {
    const body = Buffer.from(JSON.stringify({ message: 'Service Unavailable' }));
    res.writeHead(503, {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'retry-after': '1',
      connection: 'close',
    });
    res.end(body);
  }

  private write(res: ServerResponse, result: HttpResult, requestId: string): void {
    const headers: Record<string, string | string[]> = {
      ...result.headers,
      'apigw-requestid': requestId,
      'content-length': String(result.body.length),
    };
    if (result.cookies.length > 0) headers['set-cookie'] = result.cookies;
    res.writeHead(result.statusCode, headers);
    res.end(result.body);
  }

  private admit(budget: Budget): boolean {
    return this.options.throttle?.take(budget) ?? true;
  }

  private tooMany(res: ServerResponse, requestId: string): void {
    this.write(res, json(429, { message: 'Too Many Requests' }), requestId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const [rawPath = '/', rawQueryString = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
    const body = await readBody(req);
    if (body === TOO_LARGE)
      return this.write(res, json(413, { message: 'Request Entity Too Large' }), requestId);
    // Issue 12, defect 8: a malformed escape (`/v1/projects/%E0%A4%A`) threw URIError deep in routing: a 500.
    if (!decodablePath(rawPath)) return this.write(res, json(400, { message: 'Bad Request' }), requestId);
    const method = (req.method ?? 'GET').toUpperCase();

    if (rawPath === CONTROL_PREFIX || rawPath.startsWith(`${CONTROL_PREFIX}/`)) {
      const answer = await this.options.control(
        method,
        rawPath.slice(CONTROL_PREFIX.length) || '/',
        body.toString('utf8'),
        rawQueryString,
      );
      return this.write(res, json(answer.status, answer.body), requestId);
    }

    // A request without a key spends the anonymous budget before anything runs (not even the authorizer).
    const presentsKey = req.headers.authorization !== undefined;
    if (!presentsKey && !this.admit('anonymous')) return this.tooMany(res, requestId);

    const match = matchRoute(this.options.routes, method, rawPath);
    if (!match) return this.write(res, json(404, { message: 'Not Found' }), requestId);
    const { compiled, pathParameters } = match;
    // A public route checks no key, so a key sent to it proves nothing: anonymous budget.
    if (presentsKey && compiled.route.auth !== 'key' && !this.admit('anonymous')) {
      return this.tooMany(res, requestId);
    }

    const incoming: IncomingRequest = {
      method,
      rawPath,
      rawQueryString,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      host: req.headers.host ?? 'localhost',
    };
    const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = apiGatewayEvent(
      incoming,
      compiled.routeKey,
      pathParameters,
      requestId,
    );

    if (compiled.route.auth === 'key') {
      if (!this.options.authorizer)
        throw new Error('A route needs the authorizer, and the topology has none');
      let decision: { isAuthorized: boolean; context: Record<string, unknown> };
      try {
        decision = authorizerContext(
          await this.options.authorizer.invoke(authorizerEvent(event, this.options.region)),
        );
      } catch (error) {
        // AWS answers 500 when the authorizer fails; the caller never learns why.
        this.options.log(`authorizer failed for ${compiled.routeKey}: ${(error as Error).stack ?? error}`);
        return this.write(res, json(500, { message: 'Internal Server Error' }), requestId);
      }
      // Only a key the authorizer accepted (its context names a role) spends the keyed budget; an unknown or
      // revoked key is as anonymous as none, so a flood of made-up keys cannot reach what partners get.
      if (presentsKey) {
        const accepted = decision.isAuthorized && typeof decision.context.role === 'string';
        if (!this.admit(accepted ? 'keyed' : 'anonymous')) return this.tooMany(res, requestId);
      }
      if (!decision.isAuthorized) return this.write(res, json(403, { message: 'Forbidden' }), requestId);
      event.requestContext.authorizer = { lambda: decision.context };
    }

    const fn = this.options.functions.get(compiled.fn.name);
    if (!fn) throw new Error(`No function ${compiled.fn.name}`);
    let result: unknown;
    try {
      result = await fn.invoke(event);
    } catch (error) {
      this.options.log(
        `${compiled.fn.name} failed for ${compiled.routeKey}: ${(error as Error).stack ?? error}`,
      );
      return this.write(res, json(500, { message: 'Internal Server Error' }), requestId);
    }
    return this.write(res, toHttpResult(result), requestId);
  }
}
