import * as z from '@wuhan/domain/zod';
import { defineOperations } from './operation.js';

/** What anyone may see: up or not. Which queue or platform is behind it is for staff (issue 12, defect 9). */
export const healthStatus = z.object({ status: z.enum(['ok', 'degraded']) });

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
    summary: 'Whether the service is up: the status only, no key needed (details: /v1/health/details)',
    tags: ['meta'],
    responses: {
      '200': { description: 'The table and every queue reachable', schema: healthStatus },
      '503': { description: 'Something unreachable', schema: healthStatus },
    },
  },
  'GET /v1/health/details': {
    operationId: 'healthDetails',
    roles: ['staff'],
    summary: 'Which of the table and the queues (by name, platform queues included) are reachable (staff)',
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
  'GET /v1/asyncapi.json': {
    operationId: 'asyncapi',
    roles: 'public',
    summary: 'What platforms receive on their own queues, as AsyncAPI 3',
    tags: ['meta'],
    responses: { '200': { description: 'AsyncAPI 3.0' } },
  },
});
