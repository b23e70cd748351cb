import type * as z from '@wuhan/domain/zod';

/** One alternative the document shows for a schema: its title and the schema whose input it is. */
export interface DocumentedAlternative {
  title: string;
  schema: z.core.$ZodType;
}

const alternativesOf = new WeakMap<object, readonly DocumentedAlternative[]>();

/**
 * Alternatives the OpenAPI document shows for a schema (`anyOf`, each titled) that its validation does not
 * check: a parameter set's `values` are parsed by the handler with the schema of the set named in the path.
 * Kept as schemas and turned into JSON Schema only when the document is built (openapi.ts), so the functions
 * that validate with the schema neither compute JSON Schemas at start-up nor carry zod's generator.
 */
export function withDocumentedAlternatives<S extends z.core.$ZodType>(
  schema: S,
  alternatives: readonly DocumentedAlternative[],
): S {
  alternativesOf.set(schema, alternatives);
  return schema;
}

export function documentedAlternatives(schema: object): readonly DocumentedAlternative[] | undefined {
  return alternativesOf.get(schema);
}
