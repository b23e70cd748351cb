import { allOperations, operationsByFunction, problemTypeBase } from '@wuhan/contract';
import { inline } from '@wuhan/testing';
import { allRoutes, topology } from '@wuhan/topology';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi-document.js';

interface Response {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: Record<string, unknown> }>;
}
interface Operation {
  operationId: string;
  security: unknown[];
  tags: string[];
  responses: Record<string, Response>;
}
type Doc = {
  openapi: string;
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
};

const doc = openApiDocument('https://api.example.cn') as unknown as Doc;
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
);
const problemTypesOf = (response: Response | undefined): string[] => {
  const schema = response?.content?.['application/problem+json']?.schema as
    | { allOf: [unknown, { properties: { type: { enum: string[] } } }] }
    | undefined;
  return (schema?.allOf[1].properties.type.enum ?? []).map((t) => t.replace(problemTypeBase, ''));
};

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 naming the deployment it was asked at, with its tags declared', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://api.example.cn', description: 'This deployment' }]);
    const used = new Set(operations.flatMap(({ op }) => op.tags));
    expect(doc.tags.map((t) => t.name).sort()).toEqual([...used].sort());
  });

  it('each function serves exactly its group of operations, and every operation is served', () => {
    const served = topology.functions.flatMap((fn) =>
      fn.triggers.some((t) => t.kind === 'http') ? [fn.name] : [],
    );
    expect(served.sort()).toEqual(Object.keys(operationsByFunction).sort());
    const routeKeys = allRoutes().map(({ route }) => `${route.method} ${route.path}`);
    expect(routeKeys.sort()).toEqual(Object.keys(allOperations()).sort());
    expect(operations.map((o) => o.key).sort()).toEqual(routeKeys.sort());
  });

  it('secures exactly the routes that need a key', () => {
    for (const { route } of allRoutes()) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op?.security, `${route.method} ${route.path}`).toEqual(
        route.auth === 'key' ? [{ apiKey: [] }] : [],
      );
    }
  });

  it('has unique operation ids', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares 404 on every route that names something in its path, 429 and 500 everywhere', () => {
    for (const { key, op } of operations) {
      if (key.includes('{')) expect(problemTypesOf(op.responses['404']), key).toContain('not-found');
      expect(op.responses['429'], key).toBeDefined();
      expect(problemTypesOf(op.responses['500']), key).toEqual(['internal']);
    }
  });

  it('declares the idempotency answers (409 in progress, 422 key reused) on every idempotent write', () => {
    for (const [key, spec] of Object.entries(allOperations())) {
      if (!spec.idempotent) continue;
      const op = operations.find((o) => o.key === key)?.op;
      expect(problemTypesOf(op?.responses['409']), key).toContain('idempotency-in-progress');
      expect(problemTypesOf(op?.responses['422']), key).toContain('idempotency-key-reused');
    }
  });

  it('declares the domain problems an operation raises, under their own status', () => {
    const status = operations.find((o) => o.key === 'POST /v1/projects/{id}/status')?.op;
    expect(problemTypesOf(status?.responses['409'])).toContain('invalid-transition');
    expect(problemTypesOf(status?.responses['503'])).toEqual(['concurrent-update']);
    expect(status?.responses['503']?.headers).toHaveProperty('Retry-After');
  });

  it('declares X-Correlation-Id on every response but API Gateway’s own 429', () => {
    for (const { key, op } of operations)
      for (const [status, response] of Object.entries(op.responses))
        if (status !== '429') expect(response.headers, `${key} ${status}`).toHaveProperty('X-Correlation-Id');
  });

  it('carries the credit code’s pattern on the enterprise route', () => {
    const op = doc.paths['/v1/enterprises/{creditCode}']?.get as unknown as {
      parameters: { name: string; schema: { pattern?: string } }[];
    };
    const pattern = op.parameters.find((p) => p.name === 'creditCode')?.schema.pattern;
    expect(pattern).toBeDefined();
    expect(new RegExp(pattern as string).test('91440300708461136T')).toBe(true);
    expect(new RegExp(pattern as string).test('91440300708461136Z')).toBe(false);
  });

  it('every response schema is valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', ...doc } as object);
    for (const { key, op } of operations)
      for (const [status, response] of Object.entries(op.responses))
        for (const media of Object.values(response.content ?? {}))
          expect(() => ajv.compile(inline(media.schema, doc) as object), `${key} ${status}`).not.toThrow();
  });
});
