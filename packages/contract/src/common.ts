import * as z from 'zod';

/** Shared query schema for cursor-paginated listings. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

/** A page of a listing: the items and, when more may follow, the cursor to pass back. */
export const pageOf = <T extends z.core.$ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z.string().optional().describe('Pass back to get the next page'),
  });
