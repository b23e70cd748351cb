import * as z from '@wuhan/domain/zod';
import { metaRoutes } from './meta-routes.js';
import { defineOperations, withResponseSchemas } from './operation.js';

/** What anyone may see: up or not. Which queue or platform is behind it is for staff (issue 12, defect 9). */
export const healthStatus = z.object({ status: z.enum(['ok', 'degraded']) });

export const healthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({
    table: z.enum(['ok', 'unreachable']),
    queues: z.record(z.string(), z.enum(['ok', 'unreachable'])),
  }),
});

/** Meta's routes (meta-routes.ts) with the schemas of what health answers, for the document. */
export const metaOperations = defineOperations({
  ...metaRoutes,
  'GET /v1/health': withResponseSchemas(metaRoutes['GET /v1/health'], {
    '200': healthStatus,
    '503': healthStatus,
  }),
  'GET /v1/health/details': withResponseSchemas(metaRoutes['GET /v1/health/details'], {
    '200': healthReport,
    '503': healthReport,
  }),
});
