/** Fixed-window request budget, reported the way Auth0 does in `x-ratelimit-*` headers. */
export interface RateLimitOptions {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  /** Epoch seconds at which the budget refills. */
  resetAt: number;
}

export interface RateLimitDecision extends RateLimitSnapshot {
  allowed: boolean;
  /** Seconds to wait before retrying (only meaningful when not allowed; at least 1). */
  retryAfterSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 10000, windowSeconds: 1 };

export class RateLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(
    private readonly options: RateLimitOptions = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(options.limit) || options.limit < 0) throw new Error(`rateLimit.limit: not a non-negative integer: ${options.limit}`);
    if (!(options.windowSeconds > 0)) throw new Error(`rateLimit.windowSeconds: must be > 0: ${options.windowSeconds}`);
  }

  /** Spends one request from the budget when some is left. */
  take(): RateLimitDecision {
    this.roll();
    const allowed = this.used < this.options.limit;
    if (allowed) this.used++;
    const snap = this.snapshot();
    const retryAfterSeconds = Math.max(1, snap.resetAt - Math.floor(this.now() / 1000));
    return { ...snap, allowed, retryAfterSeconds };
  }

  /** The current state without spending anything. */
  peek(): RateLimitSnapshot {
    this.roll();
    return this.snapshot();
  }

  reset(): void {
    this.windowStart = 0;
    this.used = 0;
  }

  private windowMs(): number {
    return this.options.windowSeconds * 1000;
  }

  private roll(): void {
    const now = this.now();
    if (now >= this.windowStart + this.windowMs()) {
      this.windowStart = now;
      this.used = 0;
    }
  }

  private snapshot(): RateLimitSnapshot {
    return {
      limit: this.options.limit,
      remaining: Math.max(0, this.options.limit - this.used),
      resetAt: Math.ceil((this.windowStart + this.windowMs()) / 1000),
    };
  }
}
