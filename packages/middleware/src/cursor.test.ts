import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ProblemError } from './problem.js';

describe('cursor', () => {
  it('round-trips a LastEvaluatedKey', () => {
    const key = { pk: 'NOMINATION#n1', sk: 'NOMINATION', gsi1pk: 'NOMINATIONS#ptn-1', gsi1sk: 'n1' };
    expect(decodeCursor(encodeCursor(key), { gsi1pk: 'NOMINATIONS#ptn-1' })).toEqual(key);
  });

  it("refuses another listing's cursor, so a partner cannot page through someone else's partition", () => {
    const theirs = encodeCursor({ gsi1pk: 'NOMINATIONS#ptn-2', gsi1sk: 'n1' });
    expect(() => decodeCursor(theirs, { gsi1pk: 'NOMINATIONS#ptn-1' })).toThrow(ProblemError);
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
