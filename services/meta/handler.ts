import { httpRouter, route } from '@wuhan/middleware';
import { checkHealth } from './check-health.js';
import { openApiDocument } from './openapi-document.js';

export const handler = httpRouter({
  'GET /v1/health': route({
    roles: 'public',
    handle: async () => {
      const report = await checkHealth();
      return {
        status: report.status === 'ok' ? 200 : 503,
        body: report,
        headers: { 'cache-control': 'no-store' },
      };
    },
  }),
  'GET /v1/openapi.json': route({
    roles: 'public',
    handle: async () => ({
      status: 200,
      body: openApiDocument(),
      headers: { 'cache-control': 'max-age=300' },
    }),
  }),
});
