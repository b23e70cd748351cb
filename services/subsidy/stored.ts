import { UnprocessableError } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';

/**
 * One of subsidy's own items, read back, fails its schema. Not a DomainError: what it means depends on the reader.
 * The HTTP API answers 500 as for any fault of ours (no client request can change it); the consumer refuses the
 * event for good with this reason (`permanentIfUnreadable`), because a retry reads the same item and fails the same
 * way, so five deliveries would only move it to the DLQ without telling anyone which item is broken.
 */
export class UnreadableStoredItemError extends Error {
  override name = 'UnreadableStoredItemError';
  constructor(
    /** What the item is and its key: `subsidy claim sbc_… (SUBSIDY_CLAIM#sbc_… / CLAIM)`. */
    readonly item: string,
    /** The failing fields by path (`input.investmentFen`), `(item)` when the item itself is not an object. */
    readonly fields: readonly string[],
    /** Each failing field with zod's message: `input.requestedFen: Invalid input: expected number…`. */
    detail: string,
  ) {
    super(`Stored ${item} fails its schema: ${detail}`);
  }
}

/** The item parsed with its schema, or UnreadableStoredItemError naming the item (`what` and its key) and fields. */
export function parseStored<S extends z.ZodMiniType>(
  schema: S,
  item: Record<string, unknown>,
  what: string,
): z.infer<S> {
  const parsed = z.safeParse(schema, item);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(item)',
    message: issue.message,
  }));
  const detail = issues.map(({ field, message }) => `${field}: ${message}`).join('; ');
  const key = `${String(item.pk)} / ${String(item.sk)}`;
  throw new UnreadableStoredItemError(`${what} (${key})`, [...new Set(issues.map((i) => i.field))], detail);
}

/**
 * For the consumer: an unreadable item of its own is a permanent failure (a DomainError: the batch middleware
 * records it with this reason and tells staff, `event.rejected`), every other error passes unchanged.
 */
export async function permanentIfUnreadable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UnreadableStoredItemError)) throw error;
    throw new UnprocessableError(error.message, { item: error.item, fields: error.fields }, { cause: error });
  }
}
