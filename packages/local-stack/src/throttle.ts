/**
 * API Gateway's default route throttling: a token bucket holding `burstLimit` tokens, refilled at `rateLimit`
 * per second. A request finding it empty gets 429.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rateLimit: number,
    private readonly burstLimit: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burstLimit;
    this.last = now();
  }

  take(): boolean {
    const at = this.now();
    this.tokens = Math.min(this.burstLimit, this.tokens + ((at - this.last) / 1000) * this.rateLimit);
    this.last = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface ThrottleLimits {
  rateLimit: number;
  burstLimit: number;
}

/**
 * Which budget a request spends (issue 12, defect 6). Without an Authorization header, or on a public route
 * (where no key is checked), or with a key the authorizer did not accept: the anonymous budget. With a key the
 * authorizer accepted: the keyed budget, which nothing keyless can reach. Deciding a keyed request after the
 * authorizer means an unknown key costs one authorizer run but never a keyed token.
 */
export type Budget = 'keyed' | 'anonymous';

/** The gateway's two token buckets; a missing one never refuses (throttling off, for benchmarks). */
export class ApiThrottle {
  private readonly keyed: TokenBucket | undefined;
  private readonly anonymous: TokenBucket | undefined;

  constructor(
    limits: { keyed?: ThrottleLimits | undefined; anonymous?: ThrottleLimits | undefined },
    now: () => number = Date.now,
  ) {
    const bucket = (l: ThrottleLimits | undefined) => l && new TokenBucket(l.rateLimit, l.burstLimit, now);
    this.keyed = bucket(limits.keyed);
    this.anonymous = bucket(limits.anonymous);
  }

  take(budget: Budget): boolean {
    return (budget === 'keyed' ? this.keyed : this.anonymous)?.take() ?? true;
  }
}
