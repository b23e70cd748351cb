import { allOperations, buildOpenApi } from '@wuhan/contract';

const documents = new Map<string, Record<string, unknown>>();

/** The OpenAPI document for the address it was requested at (built once per address per process). */
export function openApiDocument(serverUrl = '/'): Record<string, unknown> {
  let document = documents.get(serverUrl);
  if (!document) {
    document = buildOpenApi({
      title: '武汉市颠覆性技术创新项目管理 API (Wuhan disruptive-technology programme)',
      version: '1.0.0',
      description:
        'Partners nominate projects; staff screen and track them; commissioners record milestones. ' +
        'Errors are RFC 9457 problem+json; writes accept an Idempotency-Key; every answer carries X-Correlation-Id.',
      operations: allOperations(),
      serverUrl,
    });
    documents.set(serverUrl, document);
  }
  return document;
}
