import { buildAsyncApi } from './asyncapi.js';
import { allOperations } from './index.js';
import { buildOpenApi } from './openapi.js';

/** What the OpenAPI document says of the API as a whole. */
export const openApiInfo = {
  title: '武汉市颠覆性技术创新项目管理 API (Wuhan disruptive-technology programme)',
  version: '1.0.0',
  description:
    'Partners nominate projects; staff screen and track them; commissioners record milestones. ' +
    'Errors are RFC 9457 problem+json; writes accept an Idempotency-Key; every answer carries X-Correlation-Id.',
} as const;

export interface ApiDocuments {
  /** OpenAPI 3.1 for every operation; `servers` is `/` (the meta function names the deployment it is asked at). */
  openapi: Record<string, unknown>;
  /** AsyncAPI 3.0: what platforms receive on their own queues. */
  asyncapi: Record<string, unknown>;
}

/**
 * The documents the meta function serves, from the contract. Built at BUILD time (scripts/api-documents.ts,
 * run by `cdk synth` and the local stack) rather than in the function, so the function carries neither the
 * schemas nor zod's JSON Schema generator (issue 13); deterministic, so a test can compare the generated copy.
 */
export function apiDocuments(): ApiDocuments {
  return {
    openapi: buildOpenApi({ ...openApiInfo, operations: allOperations(), serverUrl: '/' }),
    asyncapi: buildAsyncApi(),
  };
}
