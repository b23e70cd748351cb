import {
  allOperations,
  apiDocuments,
  buildOpenApi,
  metaOperations,
  metaRoutes,
  openApiInfo,
} from '@wuhan/contract';
import { describe, expect, it } from 'vitest';
import { documentsModule } from '../../scripts/api-documents.js';
import { compressedDocuments } from './api-documents.generated.js';
import { decodeDocuments } from './decode-documents.js';
import { asyncApiDocument, openApiDocument } from './openapi-document.js';

/**
 * The meta function serves documents generated at build time (scripts/api-documents.ts). These tests are what
 * keeps the committed copy from going stale: a change to any operation, schema or event the documents describe
 * fails here until the module is regenerated.
 */
describe('the documents meta serves', () => {
  it('are exactly the documents the contract produces now (regenerate: npx tsx scripts/api-documents.ts)', () => {
    expect(decodeDocuments(compressedDocuments)).toEqual(apiDocuments());
  });

  it('the OpenAPI document is the one the contract builds for the address it was asked at', () => {
    const url = 'https://api.example.cn/prod';
    expect(openApiDocument(url)).toEqual(
      buildOpenApi({ ...openApiInfo, operations: allOperations(), serverUrl: url }),
    );
    expect(asyncApiDocument()).toEqual(apiDocuments().asyncapi);
  });

  it('the generator round-trips: what it writes decodes to what it was given', () => {
    const documents = {
      openapi: { openapi: '3.1.0', info: { title: '武汉' } },
      asyncapi: { asyncapi: '3.0.0' },
    };
    const compressed = /'([A-Za-z0-9+/=]+)'/.exec(documentsModule(documents))?.[1] ?? '';
    expect(decodeDocuments(compressed)).toEqual(documents);
  });

  it('meta routes by the same operations the document describes, minus the response schemas', () => {
    const withoutSchemas = Object.fromEntries(
      Object.entries(metaOperations).map(([key, op]) => [
        key,
        {
          ...op,
          responses: Object.fromEntries(
            Object.entries(op.responses).map(([status, { schema: _schema, ...response }]) => [
              status,
              response,
            ]),
          ),
        },
      ]),
    );
    expect(metaRoutes).toEqual(withoutSchemas);
    expect(metaOperations['GET /v1/health'].responses['200']?.schema).toBeDefined();
  });
});
