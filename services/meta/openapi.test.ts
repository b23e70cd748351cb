import { allRoutes } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { apiSpecs, openApiDocument } from './openapi-document.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; security: unknown[] }>>;
};

describe('OpenAPI document', () => {
  const doc = openApiDocument() as unknown as Doc;

  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('has every route of the topology, secured exactly when the route needs a key', () => {
    for (const { route } of allRoutes()) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op?.security, `${route.method} ${route.path}`).toEqual(
        route.auth === 'key' ? [{ apiKey: [] }] : [],
      );
    }
  });

  it('describes every route from its service schemas, and no schema describes a route that does not exist', () => {
    const routeKeys = new Set(allRoutes().map(({ route }) => `${route.method} ${route.path}`));
    const specKeys = new Set(apiSpecs.flatMap((spec) => Object.keys(spec)));
    expect([...routeKeys].filter((k) => !specKeys.has(k))).toEqual([]);
    expect([...specKeys].filter((k) => !routeKeys.has(k))).toEqual([]);
  });

  it('has unique operation ids', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
