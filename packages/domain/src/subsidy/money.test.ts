import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAIM_MAX_FEN } from './claim.js';
import { percent, shareOf, wan, yuan } from './money.js';

describe('shareOf', () => {
  it('rounds down to the fen', () => {
    expect(shareOf(333_333_333, 1500)).toBe(49_999_999);
    expect(shareOf(7, 2000)).toBe(1);
    expect(shareOf(1, 9999)).toBe(0);
  });

  it('stays exact where a float product would not: 9,999,999,999,999 × 1500 passes 2^53', () => {
    const amount = 9_999_999_999_999;
    expect(amount * 1500).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    // 99,999,999,999.99 yuan × 15% = 14,999,999,999.9985 yuan → 1,499,999,999,999 fen.
    expect(shareOf(amount, 1500)).toBe(1_499_999_999_999);
    expect(shareOf(CLAIM_MAX_FEN, 10_000)).toBe(CLAIM_MAX_FEN);
  });

  it('equals floor(a × r / 10000) computed in BigInt, for every amount up to 10^13', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CLAIM_MAX_FEN }), fc.integer({ min: 0, max: 10_000 }), (a, r) => {
        expect(shareOf(a, r)).toBe(Number((BigInt(a) * BigInt(r)) / 10_000n));
      }),
    );
  });

  it('refuses what is not fen or basis points', () => {
    expect(() => shareOf(1.5, 100)).toThrow(RangeError);
    expect(() => shareOf(-1, 100)).toThrow(RangeError);
    expect(() => shareOf(100, 10_001)).toThrow(RangeError);
  });
});

describe('labels', () => {
  it('writes amounts and rates as people read them', () => {
    expect(wan(100_000_000)).toBe('100万');
    expect(yuan(100_000_000)).toBe('1,000,000 yuan');
    expect(yuan(12_345)).toBe('123.45 yuan');
    expect(yuan(5)).toBe('0.05 yuan');
    expect(percent(1500)).toBe('15%');
    expect(percent(1234)).toBe('12.34%');
  });
});
