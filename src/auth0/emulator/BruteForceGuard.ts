/**
 * Auth0's brute-force protection for the password grant: after `threshold` failed attempts for one
 * account from one IP within `windowMs`, further attempts (even with the right password) are refused
 * until the window has passed. A successful login clears the account's failures from that IP.
 */
export class BruteForceGuard {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly threshold: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`bruteForceThreshold: not a positive integer: ${threshold}`);
  }

  isBlocked(account: string, ip: string): boolean {
    return this.recent(this.key(account, ip)).length >= this.threshold;
  }

  recordFailure(account: string, ip: string): void {
    const key = this.key(account, ip);
    const list = this.recent(key);
    list.push(this.now());
    this.failures.delete(key); // re-insert: the map stays ordered by last failure
    this.failures.set(key, list);
    this.evictOverflow();
  }

  recordSuccess(account: string, ip: string): void {
    this.failures.delete(this.key(account, ip));
  }

  reset(): void {
    this.failures.clear();
  }

  private key(account: string, ip: string): string {
    return `${account}\u0000${ip}`;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  private evictOverflow(): void {
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) return;
      this.failures.delete(key);
    }
  }
}
