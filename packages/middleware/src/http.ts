import middy from '@middy/core';
import type { TransactItem } from '@wuhan/aws';
import type { OperationSpec, Operations } from '@wuhan/contract';
import {
  type ApiKeyScope,
  apiKeyScopes,
  DomainError,
  invalidCharacter,
  type Principal,
  type Role,
  roleIds,
} from '@wuhan/domain';
import { type core, safeParse } from '@wuhan/domain/zod';
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { asStored, runAtomicIdempotent, runIdempotent } from './idempotency.js';
import { jsonBodyFaults } from './json-body.js';
import { logger } from './logger.js';
import { fieldError, ProblemError, type ProblemKind, problem } from './problem.js';
import { fieldErrors } from './zod-errors.js';

/** What the authorizer hands to every route (API Gateway's `requestContext.authorizer.lambda`). */
export interface AuthorizerContext {
  role?: string;
  ownerId?: string;
  keyId?: string;
  /** The key's scopes, comma-separated (API Gateway passes no arrays); absent or empty: none. */
  scopes?: string;
}

export type HttpEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>;
export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

export const MAX_BODY_BYTES = 256 * 1024;

export interface Request<B, P, Q> {
  body: B;
  params: P;
  query: Q;
  /** Present on every route that is not public (the router answers 401 before the route runs). */
  principal: Principal;
  correlationId: string;
  now: Date;
  event: HttpEvent;
  /**
   * Only on a route implemented with `idempotency: 'atomic'`, and only when the request carries an
   * Idempotency-Key: the completed record, for the route to commit in the same transaction as its effect.
   */
  idempotency?: AtomicIdempotency;
}

/**
 * The Idempotency-Key record as one item of a route's own transaction (issue 13): `transactItem(answer)` is the
 * record that replays `answer`, written only where none exists, so the record exists exactly when the effect
 * does. The answer passed must be the one the route returns.
 */
export interface AtomicIdempotency {
  transactItem(answer: RouteResult): TransactItem;
  /**
   * Resolves once no stored answer was found for the key (at once unless the route sets `overlapReplayCheck`);
   * a route that overlaps awaits it after its reads and before its first write.
   */
  checked(): Promise<void>;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type SchemaOutput<S> = S extends core.$ZodType<infer T> ? T : undefined;
type BodyOf<Op> = Op extends { body: infer S } ? SchemaOutput<S> : undefined;
type ParamsOf<Op> = Op extends { params: infer S } ? SchemaOutput<S> : undefined;
type QueryOf<Op> = Op extends { query: infer S } ? SchemaOutput<S> : undefined;

/** The request an operation's handler gets: body, path and query parsed with the operation's own schemas. */
export type RequestFor<Op> = Request<BodyOf<Op>, ParamsOf<Op>, QueryOf<Op>>;

export interface RouteImplementation<Op> {
  handle(request: RequestFor<Op>): Promise<RouteResult>;
  /**
   * What a replay under the same Idempotency-Key answers instead of the first body, for a response holding a
   * secret that must be shown once (a new API key): the idempotency record stores only this version.
   */
  redactForReplay?: (body: unknown) => unknown;
  /**
   * `atomic`: the route commits its effect in one transaction and adds `request.idempotency.transactItem(answer)`
   * to it, instead of the router taking a lock before and writing the answer after (two writes fewer).
   */
  idempotency?: 'atomic';
  /**
   * With `idempotency: 'atomic'`: the route starts while the router looks up a stored answer, so its reads and
   * that lookup share one round trip; the route promises to write nothing before `request.idempotency.checked()`
   * resolves (and its record cannot be built before). A replay costs the route's reads; a first request, one
   * sequential round trip less (issue 13).
   */
  overlapReplayCheck?: true;
}

/** A handler for each operation of a group: a function, or an implementation with replay redaction. */
export type RouteHandlers<Ops extends Operations> = {
  [K in keyof Ops]: ((request: RequestFor<Ops[K]>) => Promise<RouteResult>) | RouteImplementation<Ops[K]>;
};

interface BoundRoute {
  operation: OperationSpec;
  handle(request: Request<unknown, unknown, unknown>): Promise<RouteResult>;
  redactForReplay?: (body: unknown) => unknown;
  idempotency?: 'atomic';
  overlapReplayCheck?: true;
}

const correlationPattern = /^[A-Za-z0-9._:-]{1,128}$/;

function header(event: HttpEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function correlationIdOf(event: HttpEvent): string {
  const given = header(event, 'x-correlation-id');
  if (given && correlationPattern.test(given)) return given;
  return event.requestContext?.requestId ?? crypto.randomUUID();
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

function problemResult(error: ProblemError, instance: string): HttpResult {
  const { headers, ...extensions } = error.extensions;
  const body = problem(error.kind, error.message, { instance, ...extensions });
  return {
    statusCode: error.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

const domainProblem: Record<DomainError['kind'], ProblemKind> = {
  'not-found': 'not-found',
  conflict: 'conflict',
  forbidden: 'forbidden',
  'invalid-transition': 'invalid-transition',
  invalid: 'validation',
  unprocessable: 'unprocessable',
  'concurrent-update': 'concurrent-update',
};

/** Any error as a problem; unknown errors become a 500 that reveals nothing but the correlation id. */
export function toProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof DomainError) {
    const kind = domainProblem[error.kind];
    const { field, ...details } = error.details as { field?: string };
    const errors = field ? [fieldError(field, error.message, 'invalid')] : undefined;
    const retry = kind === 'concurrent-update' ? { headers: { 'retry-after': '1' } } : {};
    return new ProblemError(kind, error.message, { ...details, ...(errors ? { errors } : {}), ...retry });
  }
  return new ProblemError(
    'internal',
    'An unexpected error occurred; quote the correlation id when reporting it',
  );
}

function principalOf(event: HttpEvent): Principal | undefined {
  const context = event.requestContext?.authorizer?.lambda;
  if (!context?.role || !context.ownerId || !context.keyId) return undefined;
  if (!(roleIds as readonly string[]).includes(context.role)) return undefined;
  const scopes = (context.scopes ?? '')
    .split(',')
    .filter((s): s is ApiKeyScope => (apiKeyScopes as readonly string[]).includes(s));
  return {
    role: context.role as Role,
    ownerId: context.ownerId,
    keyId: context.keyId,
    ...(scopes.length ? { scopes } : {}),
  };
}

function rawBody(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function parseWith<T>(schema: core.$ZodType<T> | undefined, value: unknown, prefix: string): T {
  if (!schema) return undefined as T;
  const parsed = safeParse(schema, value);
  if (!parsed.success) {
    throw new ProblemError('validation', `The ${prefix === 'body' ? 'body' : prefix} has invalid fields`, {
      errors: fieldErrors(parsed.error, prefix),
    });
  }
  return parsed.data;
}

const jsonMediaType = /^application\/([a-z0-9.+-]*\+)?json\s*(;.*)?$/i;

/** Content type, size and JSON syntax, checked before any schema so the answer names the real fault. */
function readJsonBody(event: HttpEvent): unknown {
  const text = rawBody(event);
  const contentType = header(event, 'content-type');
  if (text.length === 0 && !contentType) return undefined;
  if (!contentType || !jsonMediaType.test(contentType)) {
    throw new ProblemError('unsupported-media-type', 'Send the body as application/json', {
      headers: { accept: 'application/json' },
    });
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new ProblemError('payload-too-large', `The body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  if (text.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ProblemError('malformed-json', (cause as Error).message, {
      errors: [fieldError('body', 'Not valid JSON', 'malformed_json')],
    });
  }
  // Valid JSON the edge still refuses: duplicate keys, prototype keys, characters no text may hold.
  const faults = jsonBodyFaults(text);
  if (faults.length > 0)
    throw new ProblemError('validation', 'The body has invalid fields', { errors: faults });
  return parsed;
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Issue 12, defect 2: path and query values obey the body's character rules too (a `%EF%BF%BF` decodes to
 * U+FFFF), so no route ever reads a noncharacter or a lone surrogate from any part of a request.
 */
function refuseInvalidCharacters(prefix: 'path' | 'query', values: Record<string, string | undefined> = {}) {
  const errors = Object.entries(values).flatMap(([name, value]) => {
    const invalid = value === undefined ? undefined : invalidCharacter(value);
    return invalid
      ? [fieldError(`${prefix}.${name}`, 'Noncharacters and lone surrogates are not allowed', invalid)]
      : [];
  });
  if (errors.length > 0) throw new ProblemError('validation', `The ${prefix} has invalid fields`, { errors });
}

async function runRoute(definition: BoundRoute, event: HttpEvent, context: Context, correlationId: string) {
  const principal = principalOf(event);
  const { roles } = definition.operation;
  if (roles !== 'public') {
    if (!principal) {
      throw new ProblemError(
        'unauthorized',
        'Send a valid, unrevoked API key as Authorization: Bearer <key>',
        {
          headers: { 'www-authenticate': 'Bearer realm="wuhan-disruptive-tech"' },
        },
      );
    }
    if (!roles.includes(principal.role)) {
      throw new ProblemError('forbidden', `The ${principal.role} role may not call ${event.routeKey}`);
    }
  }
  const method = event.requestContext.http.method.toUpperCase();
  const schemas = definition.operation;
  if (schemas.params) refuseInvalidCharacters('path', event.pathParameters);
  if (schemas.query) refuseInvalidCharacters('query', event.queryStringParameters);
  const body = writeMethods.has(method) || schemas.body ? readJsonBody(event) : undefined;
  const request: Request<unknown, unknown, unknown> = {
    body: schemas.body ? parseWith(schemas.body, body ?? {}, 'body') : undefined,
    params: parseWith(schemas.params, event.pathParameters ?? {}, 'path'),
    query: parseWith(schemas.query, event.queryStringParameters ?? {}, 'query'),
    principal: principal as Principal,
    correlationId,
    now: new Date(),
    event,
  };
  const execute = async (handled: Request<unknown, unknown, unknown> = request) => {
    const result = await definition.handle(handled);
    return json(result.status, result.body, result.headers);
  };
  const redact = definition.redactForReplay;
  // The record keeps the redacted answer; only the first execution returns the full one.
  const toStored = (answer: HttpResult) =>
    asStored(
      redact
        ? { ...answer, body: JSON.stringify(redact(answer.body ? JSON.parse(answer.body) : undefined)) }
        : answer,
    );
  const idempotencyKey = header(event, 'idempotency-key');
  if (writeMethods.has(method) && idempotencyKey !== undefined) {
    if (!/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
      throw new ProblemError('validation', 'Idempotency-Key must be 1–255 visible ASCII characters', {
        errors: [fieldError('header.idempotency-key', 'Invalid Idempotency-Key', 'invalid_idempotency_key')],
      });
    }
    // Scoped to the caller (role and owner) and the exact route, so two callers' keys never collide.
    const scoped = {
      scope: `${principal ? `${principal.role}:${principal.ownerId}` : 'public'}|${method} ${event.rawPath}|${idempotencyKey}`,
      body: body ?? null,
    };
    if (definition.idempotency === 'atomic') {
      return runAtomicIdempotent(
        scoped,
        (record) =>
          execute({
            ...request,
            idempotency: {
              transactItem: (answer) =>
                record.transactItem(toStored(json(answer.status, answer.body, answer.headers))),
              checked: () => record.checked(),
            },
          }),
        toStored,
        { overlap: definition.overlapReplayCheck === true },
      );
    }
    return runIdempotent(scoped, () => execute(), context, toStored);
  }
  return execute();
}

/**
 * One Lambda function, several operations: dispatch on API Gateway's route key (`POST /v1/nominations`), with
 * the roles and schemas the contract (packages/contract) declares for it, so a handler cannot disagree with the
 * document. Every operation needs a handler (a compile error otherwise). The middy chain around it sets the
 * correlation id on the logger and on every response, and turns every error into RFC 9457 problem+json.
 */
export function httpRouter<const Ops extends Operations>(operations: Ops, handlers: RouteHandlers<Ops>) {
  const routes = new Map<string, BoundRoute>();
  for (const [key, operation] of Object.entries(operations)) {
    const given = handlers[key as keyof Ops] as
      | ((request: Request<unknown, unknown, unknown>) => Promise<RouteResult>)
      | RouteImplementation<unknown>
      | undefined;
    if (!given) throw new Error(`No handler for ${key}`);
    routes.set(
      key,
      typeof given === 'function'
        ? { operation, handle: given }
        : {
            operation,
            handle: (request) => given.handle(request as RequestFor<unknown>),
            ...(given.redactForReplay ? { redactForReplay: given.redactForReplay } : {}),
            ...(given.idempotency ? { idempotency: given.idempotency } : {}),
            ...(given.overlapReplayCheck ? { overlapReplayCheck: given.overlapReplayCheck } : {}),
          },
    );
  }
  const dispatch = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const correlationId = correlationIdOf(event);
    logger.appendKeys({ correlationId, routeKey: event.routeKey });
    const started = performance.now();
    let result: HttpResult;
    try {
      const definition = routes.get(event.routeKey);
      if (!definition) throw new ProblemError('not-found', `No route ${event.routeKey}`);
      result = await runRoute(definition, event, context, correlationId);
    } catch (error) {
      const asProblem = toProblem(error);
      if (asProblem.status >= 500) logger.error('Request failed', { error: error as Error });
      else logger.info('Request refused', { status: asProblem.status, kind: asProblem.kind });
      result = problemResult(asProblem, event.rawPath);
    }
    result.headers = { ...result.headers, 'x-correlation-id': correlationId };
    logger.info('Request handled', {
      status: result.statusCode,
      durationMs: Math.round(performance.now() - started),
    });
    logger.removeKeys(['correlationId', 'routeKey']);
    return result;
  };
  return middy<HttpEvent, HttpResult>().handler(dispatch);
}
