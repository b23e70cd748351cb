import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks an answer of the API against the OpenAPI document the same API serves: the status must be declared for
 * the operation, a JSON body must match the declared schema for that status and media type, and the answer must
 * carry X-Correlation-Id. The integration suite's HTTP client runs it on every answer, so a route that drifts
 * from its contract fails whatever test touched it.
 */

type JsonSchema = Record<string, unknown>;
interface ResponseDoc {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: JsonSchema }>;
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, ResponseDoc> }>>;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

interface Checker {
  check(answer: {
    method: string;
    path: string;
    status: number;
    headers: Record<string, string>;
    json: unknown;
  }): void;
}

const checkers = new Map<string, Promise<Checker>>();

/** The checker for an API (its document fetched once per test file and address). */
export function contractFor(apiUrl: string): Promise<Checker> {
  let checker = checkers.get(apiUrl);
  if (!checker) {
    checker = fetch(`${apiUrl}/v1/openapi.json`).then(async (response) => {
      if (response.status !== 200)
        throw new Error(
          `GET ${apiUrl}/v1/openapi.json answered ${response.status}: no document to check against`,
        );
      return checkerOf((await response.json()) as Document);
    });
    checkers.set(apiUrl, checker);
  }
  return checker;
}

/** Inlines `#/…` references, so a schema of the document compiles on its own. */
export function inline(schema: unknown, root: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, root));
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref?.startsWith('#/')) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], root);
    return inline(target, root);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, root)]));
}

export function checkerOf(document: Document): Checker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (key: string, schema: JsonSchema) => {
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(inline(schema, document) as object);
      validators.set(key, validate);
    }
    return validate;
  };

  return {
    check({ method, path, status, headers, json }) {
      const bare = path.split('?')[0] ?? path;
      // A path no route matches is API Gateway's own 404 (`{"message":"Not Found"}`), outside the contract.
      const template = templates.find((t) => t.pattern.test(bare))?.template;
      const operation = template ? document.paths[template]?.[method.toLowerCase()] : undefined;
      if (!template || !operation) return;
      const where = `${method} ${template} → ${status}`;
      const response = operation.responses[String(status)];
      if (!response) throw new ContractViolation(`${where}: status not declared in the OpenAPI document`);
      if (status !== 429 && !headers['x-correlation-id'])
        throw new ContractViolation(`${where}: no X-Correlation-Id header`);
      const media = (headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      const declared = response.content;
      if (!declared || json === undefined) return;
      const schema = declared[media]?.schema;
      if (!schema)
        throw new ContractViolation(
          `${where}: answered ${media}, declared ${Object.keys(declared).join(', ') || 'no body'}`,
        );
      const validate = validatorFor(`${where} ${media}`, schema);
      if (!validate(json)) {
        throw new ContractViolation(
          `${where}: body does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(json).slice(0, 2000)}`,
        );
      }
    },
  };
}
