import { metaRoutes } from '@wuhan/contract';
import { httpRouter } from '@wuhan/middleware';
import { checkHealth } from './check-health.js';
import { asyncApiDocument, openApiDocument } from './openapi-document.js';

/**
 * Routed by meta's zod-free routes, and serving the documents generated from the contract at build time
 * (scripts/api-documents.ts): the bundle carries no schema, no other API's operations and no JSON Schema
 * generator (issue 13).
 */
export const handler = httpRouter(metaRoutes, {
  // Anyone may ask whether the service is up; the names of its queues and platforms are for staff only.
  'GET /v1/health': async () => {
    const { status } = await checkHealth();
    return {
      status: status === 'ok' ? 200 : 503,
      body: { status },
      headers: { 'cache-control': 'no-store' },
    };
  },
  'GET /v1/health/details': async () => {
    const report = await checkHealth();
    return {
      status: report.status === 'ok' ? 200 : 503,
      body: report,
      headers: { 'cache-control': 'no-store' },
    };
  },
  'GET /v1/openapi.json': async ({ event }) => ({
    status: 200,
    body: openApiDocument(
      serverUrlOf(event.headers, event.requestContext.domainName, event.requestContext.stage),
    ),
    headers: { 'cache-control': 'max-age=300' },
  }),
  'GET /v1/asyncapi.json': async () => ({
    status: 200,
    body: asyncApiDocument(),
    headers: { 'cache-control': 'max-age=300' },
  }),
});

/** The address the document was asked for, so `servers` names this deployment (behind any custom domain). */
function serverUrlOf(
  headers: Record<string, string | undefined> | undefined,
  domainName: string | undefined,
  stage: string | undefined,
): string {
  const host = headers?.host ?? domainName;
  if (!host) return '/';
  const scheme =
    headers?.['x-forwarded-proto'] ??
    (host.startsWith('127.0.0.1') || host.startsWith('localhost') ? 'http' : 'https');
  const base = stage && stage !== '$default' ? `/${stage}` : '';
  return `${scheme}://${host}${base}`;
}
