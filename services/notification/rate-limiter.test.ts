import { describe, expect, it } from 'vitest';
import { processSendRate, rateLimiter } from './rate-limiter.js';

describe('rate limiter', () => {
  it('spaces concurrent sends one interval apart', async () => {
    const now = 0;
    const starts: number[] = [];
    const limiter = rateLimiter(4, {
      now: () => now,
      // The fake clock stands still: each wait is then exactly the planned delay.
      sleep: async (ms) => void starts.push(ms),
    });
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    // 4 per second: the first goes at once, the others wait 250, 500, 750 ms.
    expect(starts).toEqual([250, 500, 750]);
  });

  it('does not wait when sends are further apart than the interval', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = rateLimiter(2, { now: () => now, sleep: async (ms) => void waits.push(ms) });
    await limiter.acquire();
    now = 1000;
    await limiter.acquire();
    expect(waits).toEqual([]);
  });

  it("gives each process its share of the account's SES rate", () => {
    expect(processSendRate({ SES_MAX_SEND_RATE: '14' }, 2)).toBe(7);
    expect(() => processSendRate({ SES_MAX_SEND_RATE: 'fast' }, 2)).toThrow('SES_MAX_SEND_RATE');
  });
});
