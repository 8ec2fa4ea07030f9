import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";

export interface ResetRequestLimits {
  /** Requests for one address within the window. */
  emailMax: number;
  /** Requests from one client address within the window, whatever the address asked for. */
  ipMax: number;
  windowSeconds: number;
}

// Advisory-lock namespaces (first key of the two-key form), so concurrent requests count one by one.
const LOCK_EMAIL = 0x52455345; // "RESE"
const LOCK_IP = 0x52455349; // "RESI"

/**
 * Sliding-window counts of password-reset requests in PostgreSQL (shared by every instance),
 * like the login throttle. A refused request is not counted, so the window always passes.
 * The address is keyed by PostgreSQL's lower(), the way the recipients are looked up.
 */
export class ResetRequestLimiter {
  private lastPrune = 0;

  constructor(
    private readonly db: Knex,
    private readonly limits: ResetRequestLimits,
  ) {}

  /** Counts this request and says whether it may send email. */
  async allow(email: string, ip: string): Promise<boolean> {
    const window = this.limits.windowSeconds;
    const allowed = await this.db.transaction(async (trx) => {
      // Always the address first, then the client: one order, so two requests never deadlock.
      await trx.raw("select pg_advisory_xact_lock(?, hashtext(lower(?)))", [LOCK_EMAIL, email]);
      await trx.raw("select pg_advisory_xact_lock(?, hashtext(?))", [LOCK_IP, ip]);
      const row = await trx("auth0_reset_requests")
        .whereRaw("at > now() - (? * interval '1 second')", [window])
        .andWhere((q) => q.whereRaw("email_key = lower(?)", [email]).orWhere("ip", ip))
        .select(
          trx.raw("count(*) filter (where email_key = lower(?)) as email_count", [email]),
          trx.raw("count(*) filter (where ip = ?) as ip_count", [ip]),
        )
        .first();
      if (toNumber(row?.email_count) >= this.limits.emailMax || toNumber(row?.ip_count) >= this.limits.ipMax) return false;
      await trx("auth0_reset_requests").insert({ email_key: trx.raw("lower(?)", [email]), ip });
      return true;
    });
    await this.pruneOccasionally();
    return allowed;
  }

  private async pruneOccasionally(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    await this.db("auth0_reset_requests").whereRaw("at < now() - (? * interval '1 second')", [this.limits.windowSeconds]).delete();
  }
}
