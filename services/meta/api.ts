import { defineApi } from '@wuhan/middleware';
import { z } from 'zod';

export const healthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({
    table: z.enum(['ok', 'unreachable']),
    queues: z.record(z.string(), z.enum(['ok', 'unreachable'])),
  }),
});

export const metaApi = defineApi({
  'GET /v1/health': {
    operationId: 'health',
    summary: 'Whether the table and every queue are reachable (no key needed)',
    tags: ['meta'],
    responses: {
      '200': { description: 'All reachable', schema: healthReport },
      '503': { description: 'Something unreachable', schema: healthReport },
    },
  },
  'GET /v1/openapi.json': {
    operationId: 'openapi',
    summary: 'This document',
    tags: ['meta'],
    responses: { '200': { description: 'OpenAPI 3.1' } },
  },
});
