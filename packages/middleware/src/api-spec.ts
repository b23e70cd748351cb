import type { ZodType } from 'zod';

/**
 * A function's HTTP contract as zod schemas, kept in `services/<name>/api.ts` with no AWS code, so the handler
 * validates with it and `GET /v1/openapi.json` is generated from it (services/meta imports every api.ts).
 * Keys are API Gateway route keys (`POST /v1/nominations`) and must match the topology's routes.
 */
export interface OperationSpec {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  body?: ZodType;
  params?: ZodType;
  query?: ZodType;
  /** Example request bodies by name (Chinese text is the normal case). */
  examples?: Record<string, unknown>;
  responses: Record<string, { description: string; schema?: ZodType; example?: unknown }>;
  /** Writes accept an Idempotency-Key header. */
  idempotent?: boolean;
}

export type ApiSpec = Readonly<Record<string, OperationSpec>>;

export function defineApi<T extends ApiSpec>(spec: T): T {
  return spec;
}
