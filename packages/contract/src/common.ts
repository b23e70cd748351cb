import * as z from '@wuhan/domain/zod';

/**
 * A reason staff, experts or platforms give in a body (a decline, a release, an approval…): trimmed, 1–2000
 * characters. A new schema per call, so each field carries its own description.
 */
export const reasonText = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(2000));

/** Shared query schema for cursor-paginated listings. */
export const pageQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** A page of a listing: the items and, when more may follow, the cursor to pass back. */
export const pageOf = <T extends z.core.$ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z.optional(z.string()).check(z.describe('Pass back to get the next page')),
  });
