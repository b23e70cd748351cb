import { DomainError, UnprocessableError } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { describe, expect, it } from 'vitest';
import { parseStored, permanentIfUnreadable, UnreadableStoredItemError } from './stored.js';

const schema = z.object({
  claimId: z.string(),
  awardFen: z.number().check(z.int()),
  caps: z.array(z.string()),
});
const key = { pk: 'SUBSIDY_CLAIM#sbc_1', sk: 'CLAIM' };

describe('reading subsidy’s own items back (parseStored)', () => {
  it('returns the parsed record, the table’s own attributes dropped', () => {
    expect(parseStored(schema, { ...key, claimId: 'sbc_1', awardFen: 5, caps: [] }, 'subsidy claim')).toEqual(
      {
        claimId: 'sbc_1',
        awardFen: 5,
        caps: [],
      },
    );
  });

  it('names the item by its key and every failing field by its path', () => {
    const error = (() => {
      try {
        parseStored(schema, { ...key, claimId: 'sbc_1', awardFen: 2.5, caps: ['a', 7] }, 'subsidy claim');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnreadableStoredItemError);
    // Not a DomainError by itself: the HTTP API answers 500 for it, only the consumer makes it permanent.
    expect(error).not.toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      item: 'subsidy claim (SUBSIDY_CLAIM#sbc_1 / CLAIM)',
      fields: ['awardFen', 'caps.1'],
      message: expect.stringMatching(
        /^Stored subsidy claim \(SUBSIDY_CLAIM#sbc_1 \/ CLAIM\) fails its schema: /,
      ),
    });
    expect(String(error)).toContain('awardFen: ');
    expect(String(error)).toContain('caps.1: Invalid input: expected string, received number');
  });
});

describe('the consumer’s reading of an unreadable item (permanentIfUnreadable)', () => {
  it('turns it into a DomainError (recorded and staff told, never retried) with the same reason', async () => {
    const unreadable = new UnreadableStoredItemError(
      'subsidy cap (SUBSIDY_CAP#x / CAP)',
      ['usedFen'],
      'usedFen: …',
    );
    const error = await permanentIfUnreadable(async () => {
      throw unreadable;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error).toMatchObject({
      message: unreadable.message,
      details: { item: unreadable.item, fields: ['usedFen'] },
      cause: unreadable,
    });
  });

  it('passes every other error unchanged (a throttled read stays transient) and every result', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    await expect(
      permanentIfUnreadable(async () => {
        throw throttled;
      }),
    ).rejects.toBe(throttled);
    await expect(permanentIfUnreadable(async () => 'computed')).resolves.toBe('computed');
  });
});
