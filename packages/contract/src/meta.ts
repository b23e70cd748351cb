import { z } from 'zod';
import { defineOperations } from './operation.js';

export const healthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({
    table: z.enum(['ok', 'unreachable']),
    queues: z.record(z.string(), z.enum(['ok', 'unreachable'])),
  }),
});

export const metaOperations = defineOperations({
  'GET /v1/health': {
    operationId: 'health',
    roles: 'public',
    summary: 'Whether the table and every queue are reachable (no key needed)',
    tags: ['meta'],
    responses: {
      '200': { description: 'All reachable', schema: healthReport },
      '503': { description: 'Something unreachable', schema: healthReport },
    },
  },
  'GET /v1/openapi.json': {
    operationId: 'openapi',
    roles: 'public',
    summary: 'This document',
    tags: ['meta'],
    responses: { '200': { description: 'OpenAPI 3.1' } },
  },
});
