import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ProblemError } from './problem.js';

describe('cursor', () => {
  it('round-trips a LastEvaluatedKey', () => {
    const key = { pk: 'NOMINATION#n1', sk: 'NOMINATION', gsi1pk: 'NOMINATIONS#ptn-1', gsi1sk: 'n1' };
    expect(decodeCursor(encodeCursor(key), { gsi1pk: 'NOMINATIONS#ptn-1' })).toEqual(key);
  });

  it("refuses another listing's cursor, so a partner cannot page through someone else's partition", () => {
    const theirs = encodeCursor({ pk: 'N#n1', sk: 'N', gsi1pk: 'NOMINATIONS#ptn-2', gsi1sk: 'n1' });
    expect(() => decodeCursor(theirs, { gsi1pk: 'NOMINATIONS#ptn-1' })).toThrow(ProblemError);
  });

  it('refuses a cursor whose key attributes are not exactly the listing’s (it would reach DynamoDB as a 500)', () => {
    const expected = { gsi1pk: 'NOMINATIONS#ptn-1' };
    const missingSort = encodeCursor({ pk: 'N#n1', sk: 'N', gsi1pk: 'NOMINATIONS#ptn-1' });
    const extra = encodeCursor({ pk: 'N#n1', sk: 'N', gsi1pk: 'NOMINATIONS#ptn-1', gsi1sk: 'n1', x: 'y' });
    const numeric = encodeCursor({ pk: 'N#n1', sk: 1, gsi1pk: 'NOMINATIONS#ptn-1', gsi1sk: 'n1' });
    for (const cursor of [missingSort, extra, numeric])
      expect(() => decodeCursor(cursor, expected)).toThrow(ProblemError);
  });

  it('refuses garbage with a validation problem naming query.cursor', () => {
    try {
      decodeCursor('%%%not-base64', { gsi1pk: 'x' });
      expect.unreachable();
    } catch (error) {
      expect((error as ProblemError).extensions.errors?.[0]?.field).toBe('query.cursor');
    }
  });
});
