import type { Knex } from "knex";
import { affectedRows } from "../db/affectedRows";

/** The default absolute lifetime: a working day, however active the session stays. */
export const DEFAULT_SESSION_MAX_AGE_MS = 12 * 3600 * 1000;

/**
 * koa-session's external store in `auth0_sessions`: the cookie carries only a random id,
 * so logging out (or a deleted row) really ends the session. A session ends when it sits idle
 * past its `expires_at`, and in any case `absoluteMaxAgeMs` after it began (`created_at`).
 */
export class KnexSessionStore {
  private lastPrune = 0;

  constructor(
    private readonly db: Knex,
    private readonly pruneEveryMs = 10 * 60 * 1000,
    private readonly absoluteMaxAgeMs = DEFAULT_SESSION_MAX_AGE_MS,
  ) {}

  async get(sid: string): Promise<Record<string, unknown> | undefined> {
    const row = await this.db("auth0_sessions")
      .where({ sid })
      .andWhere("expires_at", ">", this.db.fn.now())
      .andWhere("created_at", ">", this.oldestStart())
      .first();
    if (!row) return undefined;
    return typeof row.data === "string" ? JSON.parse(row.data) : row.data;
  }

  async set(sid: string, data: Record<string, unknown>, maxAge: number | "session"): Promise<void> {
    const ms = typeof maxAge === "number" ? maxAge : 24 * 3600 * 1000;
    // created_at is set once, by the insert: renewing a session never extends its absolute end.
    await this.db("auth0_sessions")
      .insert({ sid, data: JSON.stringify(data), expires_at: new Date(Date.now() + ms) })
      .onConflict("sid")
      .merge(["data", "expires_at"]);
    // Expired sessions are swept now and then.
    if (Date.now() - this.lastPrune > this.pruneEveryMs) {
      this.lastPrune = Date.now();
      await this.prune();
    }
  }

  async destroy(sid: string): Promise<void> {
    await this.db("auth0_sessions").where({ sid }).delete();
  }

  /** Ends every session of one user (after a password change). */
  async destroyForUser(userId: string): Promise<number> {
    return affectedRows(await this.db("auth0_sessions").whereRaw("data->>'uid' = ?", [userId]).delete());
  }

  /** Deletes expired sessions (idle or past the absolute lifetime); returns how many. */
  async prune(): Promise<number> {
    return affectedRows(
      await this.db("auth0_sessions")
        .where("expires_at", "<=", this.db.fn.now())
        .orWhere("created_at", "<=", this.oldestStart())
        .delete(),
    );
  }

  /** Sessions that began before this moment (database time) are over. */
  private oldestStart(): Knex.Raw {
    return this.db.raw("now() - make_interval(secs => ?)", [this.absoluteMaxAgeMs / 1000]);
  }
}
