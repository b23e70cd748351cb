import { defineOperations } from './operation.js';

/**
 * Meta's operations as the meta function routes and authorises them: route keys, roles, summaries and the
 * statuses they answer, without response schemas. They hold no zod, so the meta function's bundle carries no
 * schema and no contract module of the other APIs (issue 13); meta.ts adds the schemas the document shows, and
 * its operations are these ones, so the two cannot drift.
 */
export const metaRoutes = defineOperations({
  'GET /v1/health': {
    operationId: 'health',
    roles: 'public',
    summary: 'Whether the service is up: the status only, no key needed (details: /v1/health/details)',
    tags: ['meta'],
    responses: {
      '200': { description: 'The table and every queue reachable' },
      '503': { description: 'Something unreachable' },
    },
  },
  'GET /v1/health/details': {
    operationId: 'healthDetails',
    roles: ['staff'],
    summary: 'Which of the table and the queues (by name, platform queues included) are reachable (staff)',
    tags: ['meta'],
    responses: {
      '200': { description: 'All reachable' },
      '503': { description: 'Something unreachable' },
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
