import * as z from '../zod.js';

/**
 * Each parameter names the clause of the plan it implements. The clause travels with the schema as zod
 * metadata under `x-clause` (an OpenAPI extension keyword, so the generated document carries it too), and
 * `clausesOf` reads it back for the API's answers and for the tests that check every value has one.
 */
export function clause<T extends z.ZodMiniType>(schema: T, id: string, description: string): T {
  return schema.check(z.meta({ 'x-clause': id, description }));
}

/** Money: integer fen (1 万元 = 1,000,000 fen), never a float. */
export const fen = () =>
  z.number().check(z.int('Integer fen'), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));

/** A rate in basis points (1500 = 15 %), an integer 0–10000, never a float. */
export const basisPoints = () => z.number().check(z.int('Integer basis points'), z.gte(0), z.lte(10_000));

/** A whole number of days or years. */
export const count = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

/**
 * A value on the score scale with at most two decimals (3.5, 3.25): means are compared against it, so it must
 * be a value a person can read and write exactly.
 */
export const scoreValue = () =>
  z.number().check(
    z.gte(0),
    z.refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'At most two decimals'),
  );

function metaClause(schema: z.core.$ZodType): string | undefined {
  const found = z.globalRegistry.get(schema)?.['x-clause'];
  return typeof found === 'string' ? found : undefined;
}

/**
 * A leaf's dotted path → its clause, inherited from the nearest annotated ancestor. The parameter schemas are
 * zod/mini objects; `instanceof z.ZodMiniObject`, not `z.core.$ZodObject`, because a value use of the `core`
 * namespace would keep every zod locale in the bundle.
 */
export function clausesOf(schema: z.core.$ZodType, inherited?: string, path = ''): Record<string, string> {
  const own = metaClause(schema) ?? inherited;
  if (schema instanceof z.ZodMiniObject) {
    const shape: Record<string, z.core.$ZodType> = schema._zod.def.shape;
    return Object.assign(
      {},
      ...Object.entries(shape).map(([key, child]) => clausesOf(child, own, path ? `${path}.${key}` : key)),
    );
  }
  return own ? { [path]: own } : {};
}
