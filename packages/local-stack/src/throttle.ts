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
