import { describe, expect, it } from 'vitest';
import { idPattern, newId } from './ids.js';

describe('newId', () => {
  it('has the prefix and 26 Crockford characters', () => {
    expect(newId('prj')).toMatch(idPattern);
  });

  it('sorts by creation time across milliseconds', () => {
    const a = newId('evt', new Date('2026-01-01T00:00:00.000Z'));
    const b = newId('evt', new Date('2026-01-01T00:00:00.001Z'));
    expect(a < b).toBe(true);
  });

  it('increases within one millisecond, so the events of one transaction keep their order', () => {
    const now = new Date('2026-11-28T08:30:00.000Z');
    const ids = Array.from({ length: 50 }, () => newId('evt', now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
