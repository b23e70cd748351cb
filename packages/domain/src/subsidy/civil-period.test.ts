import { describe, expect, it } from 'vitest';
import { dayAfter, periodEnd } from './civil-period.js';

describe('periodEnd (民法典 arts. 201–203)', () => {
  it.each([
    ['2024-03-01', 2, '2026-03-01', 'the corresponding day'],
    ['2024-02-29', 2, '2026-02-28', 'no 29 February in 2026: the last day of February'],
    ['2024-02-29', 4, '2028-02-29', 'a leap year has the corresponding day'],
    ['2023-12-31', 5, '2028-12-31', 'year end'],
    ['2025-01-31', 0, '2025-01-31', 'zero years ends on the start day'],
  ])('%s + %i years ends on %s (%s)', (start, years, end) => {
    expect(periodEnd(start, years)).toBe(end);
  });

  it('refuses a negative or fractional number of years and a malformed date', () => {
    expect(() => periodEnd('2024-03-01', -1)).toThrow(RangeError);
    expect(() => periodEnd('2024-03-01', 1.5)).toThrow(RangeError);
    expect(() => periodEnd('2024-3-1', 1)).toThrow(RangeError);
  });
});

describe('dayAfter', () => {
  it.each([
    ['2026-03-01', '2026-03-02'],
    ['2026-02-28', '2026-03-01'],
    ['2028-02-28', '2028-02-29'],
    ['2026-04-30', '2026-05-01'],
    ['2026-12-31', '2027-01-01'],
  ])('%s → %s', (date, next) => {
    expect(dayAfter(date)).toBe(next);
  });
});
