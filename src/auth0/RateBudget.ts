import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";

export interface RateBudgetOptions {
  /** Sustained Management API calls per second for the whole fleet. */
  perSecond: number;
  /** Calls allowed in a burst. */
  burst: number;
}

export type BudgetVerdict = { granted: true } | { granted: false; retryAt: Date };

/** What Auth0 said about its limits on a response. */
export interface RateLimitObserver {
  observe(info: { status?: number; headers?: Headers; retryAt?: Date }): void;
}

/**
 * The fleet's Management API budget, kept in PostgreSQL: a token bucket every instance draws
 * from, closed until Auth0's reset time when Auth0 reports its limit reached.
 */
export class RateBudget implements RateLimitObserver {
  private ensured: Promise<void> | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Knex,
    private readonly name: string,
    private readonly options: RateBudgetOptions,
  ) {}

  async take(retry = true): Promise<BudgetVerdict> {
    await this.ensureRow();
    const { perSecond, burst } = this.options;
    const refill = "least(?, tokens + extract(epoch from (now() - refilled_at)) * ?)";
    const result = await this.db.raw(
      `update auth0_rate_budget
          set tokens = ${refill} - 1, refilled_at = now()
        where name = ? and ${refill} >= 1 and (blocked_until is null or blocked_until <= now())
        returning tokens`,
      [burst, perSecond, this.name, burst, perSecond],
    );
    if ((result.rows as unknown[]).length === 1) return { granted: true };
    const row = await this.db("auth0_rate_budget")
      .where({ name: this.name })
      .select(
        "blocked_until",
        this.db.raw("extract(epoch from now()) as now_s"),
        this.db.raw(`(1 - ${refill}) / ? as wait_s`, [burst, perSecond, perSecond]),
      )
      .first();
    if (!row && retry) {
      // The row went away (an operator reset it): create it again.
      this.ensured = undefined;
      return this.take(false);
    }
    const nowMs = toNumber(row?.now_s) * 1000;
    const blocked = row?.blocked_until ? new Date(row.blocked_until).getTime() : 0;
    const refillAt = nowMs + Math.max(0, toNumber(row?.wait_s)) * 1000;
    return { granted: false, retryAt: new Date(Math.max(blocked, refillAt, nowMs + 1)) };
  }

  /** Closes the budget until Auth0's reset when it says the limit is reached. */
  observe(info: { status?: number; headers?: Headers; retryAt?: Date }): void {
    let until: Date | undefined = info.retryAt;
    const remaining = info.headers?.get("x-ratelimit-remaining");
    const reset = info.headers?.get("x-ratelimit-reset");
    if (!until && remaining !== null && remaining !== undefined && Number(remaining) <= 0 && reset && /^\d+$/.test(reset)) {
      until = new Date(Number(reset) * 1000);
    }
    if (!until) return;
    const blockedUntil = until;
    // Recorded in the background, in order: the caller's answer does not wait on it.
    this.pending = this.pending
      .then(() => this.ensureRow())
      .then(() =>
        this.db("auth0_rate_budget")
          .where({ name: this.name })
          .update({ blocked_until: this.db.raw("greatest(coalesce(blocked_until, now()), ?)", [blockedUntil]) }),
      )
      .then(
        () => undefined,
        () => undefined,
      );
  }

  /** Waits for background writes (tests, shutdown). */
  async settle(): Promise<void> {
    await this.pending;
  }

  private ensureRow(): Promise<void> {
    this.ensured ??= this.db("auth0_rate_budget")
      .insert({ name: this.name, tokens: this.options.burst })
      .onConflict("name")
      .ignore()
      .then(
        () => undefined,
        (err: unknown) => {
          this.ensured = undefined;
          throw err;
        },
      );
    return this.ensured;
  }
}
