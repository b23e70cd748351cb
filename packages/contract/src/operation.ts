import type { Role } from '@wuhan/domain';
import type * as z from '@wuhan/domain/zod';
import type { ProblemKind } from './problems.js';

/** Any zod schema, classic or zod/mini (the contract's and the domain's schemas are zod/mini). */
type ZodType = z.core.$ZodType;

/**
 * One HTTP operation, declared once: its route (the key, `POST /v1/nominations`), who may call it, its schemas
 * and every status it can answer. The topology builds API Gateway's routes from these, the router validates and
 * authorises with them, and `GET /v1/openapi.json` is generated from them: none of the three can drift.
 */
export interface OperationSpec {
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** `public`: no API key (health, the API description); otherwise the roles that may call. */
  roles: readonly Role[] | 'public';
  body?: ZodType;
  params?: ZodType;
  query?: ZodType;
  /** Example request bodies by name (Chinese text is the normal case). */
  examples?: Readonly<Record<string, unknown>>;
  /** The success answers (and any non-problem answer, such as health's 503) by status. */
  responses: Readonly<Record<string, { description: string; schema?: ZodType; example?: unknown }>>;
  /**
   * The domain problems this operation can answer with, beyond those every operation of its kind can (400 for
   * invalid input, 401/403 for keyed routes, 404 for a path naming something, 413/415 for bodies, 409/422 for
   * idempotent writes, 429, 500): e.g. `conflict`, `invalid-transition`, `unprocessable`, `concurrent-update`.
   */
  problems?: readonly ProblemKind[];
  /** Writes accept an Idempotency-Key header. */
  idempotent?: boolean;
}

export type Operations = Readonly<Record<string, OperationSpec>>;

export function defineOperations<const T extends Operations>(operations: T): T {
  for (const key of Object.keys(operations)) routeOf(key);
  return operations;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRef {
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/projects/{id}`. */
  path: string;
  auth: 'key' | 'none';
  summary: string;
}

const routeKeyPattern = /^(GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9._{}/-]*)$/;

/** `POST /v1/nominations` → its method and path; anything else is a programming error, caught at load. */
export function routeOf(key: string): { method: HttpMethod; path: string } {
  const match = routeKeyPattern.exec(key);
  if (!match) throw new Error(`Not a route key: ${key}`);
  return { method: match[1] as HttpMethod, path: match[2] as string };
}

/** The API Gateway routes of a group of operations (what the topology declares for a function). */
export function routesOf(operations: Operations): RouteRef[] {
  return Object.entries(operations).map(([key, op]) => ({
    ...routeOf(key),
    auth: op.roles === 'public' ? 'none' : 'key',
    summary: op.summary,
  }));
}

/**
 * An operation declared without response schemas (for a function that routes by it without bundling zod, e.g.
 * meta-routes.ts) with the schemas of its answers added for the document; every other field stays as declared.
 */
export function withResponseSchemas<Op extends OperationSpec>(
  operation: Op,
  schemas: Readonly<Record<keyof Op['responses'] & string, ZodType>>,
): OperationSpec {
  const given: Readonly<Record<string, ZodType>> = schemas;
  const responses = Object.fromEntries(
    Object.entries(operation.responses).map(([status, response]) => {
      const schema = given[status];
      return [status, schema ? { ...response, schema } : response];
    }),
  );
  return { ...operation, responses };
}
