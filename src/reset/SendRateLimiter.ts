/** Spaces sends to at most `perSecond` per second in this process (no burst beyond one). */
export class SendRateLimiter {
  private nextAt = 0;

  constructor(
    private readonly perSecond: number | undefined,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async take(): Promise<void> {
    if (!this.perSecond || this.perSecond <= 0) return;
    const interval = 1000 / this.perSecond;
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + interval;
    if (at > now) await this.sleep(at - now);
  }
}
