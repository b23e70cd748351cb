import { describe, expect, it } from 'vitest';
import { ApiThrottle } from './throttle.js';

describe('ApiThrottle: keyed and anonymous budgets', () => {
  const at = 0;
  const frozen = () => at;

  it('emptying the anonymous budget leaves the keyed one whole', () => {
    const throttle = new ApiThrottle(
      { keyed: { rateLimit: 1, burstLimit: 2 }, anonymous: { rateLimit: 1, burstLimit: 3 } },
      frozen,
    );
    const anonymous = Array.from({ length: 10 }, () => throttle.take('anonymous'));
    expect(anonymous.filter(Boolean)).toHaveLength(3);
    expect([throttle.take('keyed'), throttle.take('keyed'), throttle.take('keyed')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('a budget left out never refuses (throttling off)', () => {
    const throttle = new ApiThrottle({ keyed: { rateLimit: 1, burstLimit: 1 } }, frozen);
    expect(Array.from({ length: 100 }, () => throttle.take('anonymous')).every(Boolean)).toBe(true);
    expect([throttle.take('keyed'), throttle.take('keyed')]).toEqual([true, false]);
  });
});
