import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";

export interface ThrottleLimits {
  /** Failed logins for one account from one IP within the window. */
  accountIpMax: number;
  /** Failed logins from one IP within the window, whatever the account. */
  ipMax: number;
  windowSeconds: number;
}

export type ThrottleVerdict =
  /** `accountFailures`: this account's recent failures from this IP (none: nothing to clear on success). */
  | { allowed: true; accountFailures: number }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Sliding-window counts of failed logins in PostgreSQL (shared by every instance). A
 * throttled attempt is not recorded, so the window always passes: nothing locks for good.
 */
export class LoginThrottle {
  private lastPrune = 0;

  constructor(
    private readonly db: Knex,
    private readonly limits: ThrottleLimits,
  ) {}

  /** An identifier that names no legacy user, as a key (ThrottleAccountKeys keys users by id). */
  static accountKey(identifier: string): string {
    return identifier.trim().toLowerCase().slice(0, 320);
  }

  async check(account: string, ip: string): Promise<ThrottleVerdict> {
    const window = this.limits.windowSeconds;
    const row = await this.db("auth0_login_failures")
      .where("ip", ip)
      .andWhereRaw("at > now() - (? * interval '1 second')", [window])
      .select(
        this.db.raw("count(*) filter (where account_key = ?) as account_count", [account]),
        this.db.raw("extract(epoch from (min(at) filter (where account_key = ?) + (? * interval '1 second') - now())) as account_wait", [account, window]),
        this.db.raw("count(*) as ip_count"),
        this.db.raw("extract(epoch from (min(at) + (? * interval '1 second') - now())) as ip_wait", [window]),
      )
      .first();
    const waits: number[] = [];
    if (toNumber(row?.account_count) >= this.limits.accountIpMax) waits.push(toNumber(row?.account_wait));
    if (toNumber(row?.ip_count) >= this.limits.ipMax) waits.push(toNumber(row?.ip_wait));
    if (waits.length === 0) return { allowed: true, accountFailures: toNumber(row?.account_count) };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits))) };
  }

  async recordFailure(account: string, ip: string): Promise<void> {
    await this.db("auth0_login_failures").insert({ account_key: account, ip });
    await this.pruneOccasionally();
  }

  /** A right password clears that account's failures from that IP. */
  async recordSuccess(account: string, ip: string): Promise<void> {
    await this.db("auth0_login_failures").where({ account_key: account, ip }).delete();
  }

  private async pruneOccasionally(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.db("auth0_login_failures").whereRaw("at < now() - (? * interval '1 second')", [this.limits.windowSeconds]).delete();
  }
}
