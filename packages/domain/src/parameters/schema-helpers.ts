import type { ZodType } from 'zod';
import * as z from 'zod';

/**
 * Each parameter names the clause of the plan it implements. The clause travels with the schema as zod
 * metadata under `x-clause` (an OpenAPI extension keyword, so the generated document carries it too), and
 * `clausesOf` reads it back for the API's answers and for the tests that check every value has one.
 */
export function clause<T extends ZodType>(schema: T, id: string, description: string): T {
  return schema.meta({ 'x-clause': id, description });
}

/** Money: integer fen (1 万元 = 1,000,000 fen), never a float. */
export const fen = () => z.number().int('Integer fen').nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A rate in basis points (1500 = 15 %), an integer 0–10000, never a float. */
export const basisPoints = () => z.number().int('Integer basis points').min(0).max(10_000);

/** A whole number of days or years. */
export const count = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * A value on the score scale with at most two decimals (3.5, 3.25): means are compared against it, so it must
 * be a value a person can read and write exactly.
 */
export const scoreValue = () =>
  z
    .number()
    .min(0)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'At most two decimals');

function metaClause(schema: ZodType): string | undefined {
  const found = schema.meta()?.['x-clause'];
  return typeof found === 'string' ? found : undefined;
}

/** A leaf's dotted path → its clause, inherited from the nearest annotated ancestor. */
export function clausesOf(schema: ZodType, inherited?: string, path = ''): Record<string, string> {
  const own = metaClause(schema) ?? inherited;
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, ZodType>;
    return Object.assign(
      {},
      ...Object.entries(shape).map(([key, child]) => clausesOf(child, own, path ? `${path}.${key}` : key)),
    );
  }
  return own ? { [path]: own } : {};
}
