import { fieldError, ProblemError } from './problem.js';

/**
 * Pagination cursors are the DynamoDB `LastEvaluatedKey`, base64url-encoded. Decoding checks the cursor belongs
 * to the same listing (its partition attributes match), so a cursor cannot be replayed against another
 * caller's partition.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

export function decodeCursor(
  cursor: string | undefined,
  expected: Record<string, string>,
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () =>
    new ProblemError('validation', 'The cursor is not one this listing returned', {
      errors: [fieldError('query.cursor', 'Unknown or malformed cursor', 'invalid_cursor')],
    });
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalid();
  const key = decoded as Record<string, unknown>;
  for (const [name, value] of Object.entries(expected)) if (key[name] !== value) throw invalid();
  // Exactly the attributes a LastEvaluatedKey of this listing has: the table's keys and the index's, all
  // strings. Anything else would reach DynamoDB as an invalid ExclusiveStartKey (a 500, not a 400).
  const names = new Set(['pk', 'sk', ...Object.keys(expected).flatMap((n) => [n, n.replace(/pk$/, 'sk')])]);
  const actual = Object.keys(key);
  if (actual.length !== names.size || !actual.every((n) => names.has(n))) throw invalid();
  if (!Object.values(key).every((v) => typeof v === 'string')) throw invalid();
  return key;
}
