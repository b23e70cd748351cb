import { describe, expect, it } from 'vitest';
import { parseCron } from './cron.js';

describe('EventBridge cron in a time zone', () => {
  const digest = parseCron('30 8 * * ? *', 'Asia/Shanghai');

  it('fires at 08:30 in Shanghai, which is 00:30 UTC', () => {
    expect(digest.matches(new Date('2026-03-02T00:30:00Z'))).toBe(true);
    expect(digest.matches(new Date('2026-03-02T08:30:00Z'))).toBe(false);
    expect(digest.matches(new Date('2026-03-02T00:31:00Z'))).toBe(false);
  });

  it('counts weekdays as EventBridge does (1 = Sunday) and accepts names, lists, ranges and steps', () => {
    const monday = new Date('2026-03-02T01:00:00Z'); // 09:00 Monday in Shanghai
    expect(parseCron('0 9 ? * 2 *', 'Asia/Shanghai').matches(monday)).toBe(true);
    expect(parseCron('0 9 ? * MON-FRI *', 'Asia/Shanghai').matches(monday)).toBe(true);
    expect(parseCron('0 9 ? * SUN,SAT *', 'Asia/Shanghai').matches(monday)).toBe(false);
    expect(parseCron('*/15 * * * ? *', 'UTC').matches(new Date('2026-03-02T01:45:00Z'))).toBe(true);
    expect(parseCron('*/15 * * * ? *', 'UTC').matches(new Date('2026-03-02T01:46:00Z'))).toBe(false);
    expect(parseCron('0 0 1 JAN ? 2027', 'UTC').matches(new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(parseCron('0 0 1 JAN ? 2027', 'UTC').matches(new Date('2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('refuses what it cannot evaluate rather than never firing', () => {
    expect(() => parseCron('30 8 * * *', 'UTC')).toThrow(/6 fields/);
    expect(() => parseCron('0 0 L * ? *', 'UTC')).toThrow(/not supported/);
    expect(() => parseCron('61 0 * * ? *', 'UTC')).toThrow(/out of range/);
  });
});
