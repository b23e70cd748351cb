/**
 * Spaces sends so one process stays under its share of the SES sending rate. The event-source mapping's
 * maximum concurrency caps how many processes run at once; each takes `accountRate / maxConcurrency`. Records of
 * a batch are processed concurrently, so the limiter hands out start times one interval apart.
 */
export interface RateLimiter {
  acquire(): Promise<void>;
}

export function rateLimiter(
  perSecond: number,
  clock: { now(): number; sleep(ms: number): Promise<void> } = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): RateLimiter {
  if (!(perSecond > 0)) throw new Error(`The send rate must be positive, got ${perSecond}`);
  const interval = 1000 / perSecond;
  let nextSlot = 0;
  return {
    async acquire() {
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      if (slot > now) await clock.sleep(slot - now);
    },
  };
}

/** SES_MAX_SEND_RATE is the account's rate (emails per second); this process gets its share. */
export function processSendRate(env: NodeJS.ProcessEnv, maxConcurrency: number): number {
  const raw = env.SES_MAX_SEND_RATE ?? '1';
  const accountRate = Number(raw);
  if (!Number.isFinite(accountRate) || accountRate <= 0) {
    throw new Error(`SES_MAX_SEND_RATE must be a positive number, got ${raw}`);
  }
  return accountRate / Math.max(1, maxConcurrency);
}
