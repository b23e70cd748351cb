import { type ZodType, z } from 'zod';
import type { ApiSpec, OperationSpec } from './api-spec.js';
import { problemKinds, problemTypeBase } from './problem.js';

export interface RouteRef {
  method: string;
  path: string;
  auth: 'key' | 'none';
  summary: string;
}

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(schema: ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operation(route: RouteRef, spec: OperationSpec | undefined): JsonSchema {
  const op: JsonSchema = {
    operationId: spec?.operationId ?? `${route.method.toLowerCase()}${route.path.replace(/\W+/g, '_')}`,
    summary: spec?.summary ?? route.summary,
    ...(spec?.description ? { description: spec.description } : {}),
    ...(spec?.tags ? { tags: spec.tags } : {}),
    parameters: [
      ...parametersOf(spec?.params, 'path'),
      ...parametersOf(spec?.query, 'query'),
      ...(spec?.idempotent
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Same key and body → the same response and one effect; same key, other body → 422.',
              schema: { type: 'string', maxLength: 255 },
            },
          ]
        : []),
    ],
    responses: {
      ...Object.fromEntries(
        Object.entries(spec?.responses ?? { '200': { description: 'OK' } }).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.schema
              ? {
                  content: {
                    'application/json': {
                      schema: schemaOf(response.schema, 'output'),
                      ...(response.example !== undefined ? { example: response.example } : {}),
                    },
                  },
                }
              : {}),
          },
        ]),
      ),
      '400': problemResponse('Invalid request: `errors` lists each failing field'),
      ...(route.auth === 'key'
        ? {
            '401': problemResponse('Missing, unknown or revoked API key'),
            '403': problemResponse('Role not allowed'),
          }
        : {}),
      '429': { description: 'Throttled' },
      '500': problemResponse('Unexpected error; quote the X-Correlation-Id header'),
    },
  };
  if (spec?.body) {
    op.requestBody = {
      required: true,
      content: {
        'application/json': {
          schema: schemaOf(spec.body, 'input'),
          ...(spec.examples
            ? {
                examples: Object.fromEntries(
                  Object.entries(spec.examples).map(([k, v]) => [k, { value: v }]),
                ),
              }
            : {}),
        },
      },
    };
    (op.responses as JsonSchema)['413'] = problemResponse('Body over 256 KB');
    (op.responses as JsonSchema)['415'] = problemResponse('Body not application/json');
  }
  if (route.auth === 'key') op.security = [{ apiKey: [] }];
  else op.security = [];
  return op;
}

/**
 * The OpenAPI 3.1 document, generated from the topology's routes and each service's zod schemas: nothing here
 * is written by hand, so the document cannot drift from what the handlers validate.
 */
export function buildOpenApi(input: {
  title: string;
  version: string;
  description: string;
  routes: readonly RouteRef[];
  specs: readonly ApiSpec[];
}): JsonSchema {
  const byRoute = new Map<string, OperationSpec>();
  for (const spec of input.specs) for (const [key, value] of Object.entries(spec)) byRoute.set(key, value);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of input.routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operation(
      route,
      byRoute.get(`${route.method} ${route.path}`),
    );
  }
  return {
    openapi: '3.1.0',
    info: { title: input.title, version: input.version, description: input.description },
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key issued by staff: `Authorization: Bearer wdt_…`',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', enum: Object.keys(problemKinds).map((k) => `${problemTypeBase}${k}`) },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  field: { type: 'string' },
                  message: { type: 'string' },
                  code: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  };
}
