import type { Role } from '@wuhan/domain';
import type * as z from '@wuhan/domain/zod';
import type { ProblemKind } from './problems.js';

/**
 * One HTTP operation, declared once: its route (the key, `POST /v1/nominations`), who may call it, its schemas
 * and every status it can answer. The topology builds API Gateway's routes from these, the router validates and
 * authorises with them, and `GET /v1/openapi.json` is generated from them: none of the three can drift.
 */
/**
 * A request or response schema. zod/mini's schema type: its methods (`safeParse`) are what the router calls,
 * and it is what the contract's schemas are; a classic schema has the same methods.
 */
export type OperationSchema = z.ZodMiniType;

export interface OperationSpec {
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** `public`: no API key (health, the API description); otherwise the roles that may call. */
  roles: readonly Role[] | 'public';
  body?: OperationSchema;
  params?: OperationSchema;
  query?: OperationSchema;
  /** Example request bodies by name (Chinese text is the normal case). */
  examples?: Readonly<Record<string, unknown>>;
  /** The success answers (and any non-problem answer, such as health's 503) by status. */
  responses: Readonly<Record<string, { description: string; schema?: OperationSchema; example?: unknown }>>;
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
