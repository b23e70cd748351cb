import * as z from '@wuhan/domain/zod';
import { documentedAlternatives } from './documentation.js';
import { type OperationSpec, type Operations, routeOf } from './operation.js';
import { type ProblemKind, problemKinds, problemTypeBase } from './problems.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // Alternatives documented beside a schema (documentation.ts), each as the schema of its input.
    override: ({ zodSchema, jsonSchema }) => {
      const documented = documentedAlternatives(zodSchema);
      if (documented)
        jsonSchema.anyOf = documented.map(({ title, schema }) => ({
          title,
          ...schemaOf(schema, 'input'),
        }));
    },
  }) as JsonSchema;
  return rest;
}

function parametersOf(schema: z.core.$ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
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

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every problem an operation can answer with: what the router answers for any operation of its kind, plus the
 * domain problems the operation declares. Kept in step with packages/middleware/src/http.ts, which is where
 * each of these is raised; the integration suite checks every answer it receives against this document.
 */
export function problemsOf(method: string, op: OperationSpec): ProblemKind[] {
  const kinds = new Set<ProblemKind>(['internal']);
  const keyed = op.roles !== 'public';
  const takesBody = writeMethods.has(method) || op.body !== undefined;
  if (op.body || op.params || op.query || op.idempotent) kinds.add('validation');
  if (takesBody) {
    kinds.add('malformed-json');
    kinds.add('payload-too-large');
    kinds.add('unsupported-media-type');
  }
  if (keyed) {
    kinds.add('unauthorized');
    kinds.add('forbidden');
  }
  // A path names something that may not exist, or that the caller may not know exists.
  if (op.params) kinds.add('not-found');
  if (op.idempotent) {
    kinds.add('idempotency-in-progress');
    kinds.add('idempotency-key-reused');
  }
  for (const kind of op.problems ?? []) kinds.add(kind);
  return [...kinds];
}

const correlationHeader = { 'X-Correlation-Id': { $ref: '#/components/headers/CorrelationId' } };

function problemResponse(kinds: readonly ProblemKind[]): JsonSchema {
  const status = problemKinds[kinds[0] as ProblemKind].status;
  const titles = kinds.map((k) => `\`${k}\`: ${problemKinds[k].title}`).join('; ');
  return {
    description: titles,
    headers: {
      ...correlationHeader,
      ...(status === 401 ? { 'WWW-Authenticate': { schema: { type: 'string' } } } : {}),
      ...(status === 503 ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {}),
    },
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Problem' },
            {
              properties: {
                type: { enum: kinds.map((k) => `${problemTypeBase}${k}`) },
                status: { const: status },
              },
            },
          ],
        },
      },
    },
  };
}

function operation(key: string, op: OperationSpec): JsonSchema {
  const { method } = routeOf(key);
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(op.responses)) {
    responses[status] = {
      description: response.description,
      headers: correlationHeader,
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
    };
  }
  const byStatus = Map.groupBy(problemsOf(method, op), (kind) => String(problemKinds[kind].status));
  for (const [status, kinds] of byStatus) responses[status] = problemResponse(kinds);
  responses['429'] = {
    description: 'Throttled by API Gateway (its own answer, not a problem document); retry later',
    content: {
      'application/json': {
        schema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
      },
    },
  };

  const result: JsonSchema = {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    parameters: [
      ...parametersOf(op.params, 'path'),
      ...parametersOf(op.query, 'query'),
      ...(op.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
      { $ref: '#/components/parameters/CorrelationId' },
    ],
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
    security: op.roles === 'public' ? [] : [{ apiKey: [] }],
    'x-roles': op.roles,
  };
  if (op.body) {
    result.requestBody = {
      required: true,
      content: {
        'application/json': {
          schema: schemaOf(op.body, 'input'),
          ...(op.examples
            ? { examples: Object.fromEntries(Object.entries(op.examples).map(([k, v]) => [k, { value: v }])) }
            : {}),
        },
      },
    };
  }
  return result;
}

const tagDescriptions: Readonly<Record<string, string>> = {
  intake: 'Nominations (§二(三))',
  projects: 'Projects, their lifecycle, commissioners and milestones',
  keys: 'API keys',
  notification: 'Email preferences',
  programme: 'Progress towards the §一 targets',
  profiles: 'Experts, platforms, fund managers, commissioners and partners (staff)',
  meta: 'Health and this description',
};

/**
 * The OpenAPI 3.1 document, generated from the operations: nothing here is written by hand, so the document
 * cannot drift from what the router validates and authorises. `serverUrl` is the address the document was
 * requested at, so a client generated from it calls the same deployment.
 */
export function buildOpenApi(input: {
  title: string;
  version: string;
  description: string;
  operations: Operations;
  serverUrl?: string;
}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [key, op] of Object.entries(input.operations)) {
    const { method, path } = routeOf(key);
    paths[path] ??= {};
    (paths[path] as Record<string, JsonSchema>)[method.toLowerCase()] = operation(key, op);
  }
  const tags = [...new Set(Object.values(input.operations).flatMap((op) => op.tags))].sort();
  return {
    openapi: '3.1.0',
    info: { title: input.title, version: input.version, description: input.description },
    servers: [{ url: input.serverUrl ?? '/', description: 'This deployment' }],
    tags: tags.map((name) => ({
      name,
      ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}),
    })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key issued by staff: `Authorization: Bearer wdt_…`',
        },
      },
      headers: {
        CorrelationId: {
          description:
            'Follows the request through every queue to the email it causes; quote it when reporting',
          schema: { type: 'string' },
          required: true,
        },
        RetryAfter: {
          description: 'Seconds to wait before retrying',
          schema: { type: 'integer', minimum: 0 },
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Same key and body → the same response and one effect; same key, other body → 422.',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
        },
        CorrelationId: {
          name: 'X-Correlation-Id',
          in: 'header',
          required: false,
          description: 'Your own id for the request (1–128 of A–Z a–z 0–9 . _ : -); one is made up otherwise',
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
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
                required: ['field', 'message', 'code'],
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
