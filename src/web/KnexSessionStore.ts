import type { Knex } from "knex";
import { affectedRows } from "../db/affectedRows";

/** The default absolute lifetime: a working day, however active the session stays. */
export const DEFAULT_SESSION_MAX_AGE_MS = 12 * 3600 * 1000;
/** The default idle lifetime: a session unused for this long ends. */
export const DEFAULT_SESSION_IDLE_MS = 8 * 3600 * 1000;
/** How far a read must move the idle expiry before it is written: at most one write a minute per session. */
export const DEFAULT_SESSION_TOUCH_EVERY_MS = 60 * 1000;

export interface SessionLifetime {
  idleMs?: number;
  touchEveryMs?: number;
}

/**
 * koa-session's external store in `auth0_sessions`: the cookie carries only a random id,
 * so logging out (or a deleted row) really ends the session. A session ends when it sits idle
 * past its `expires_at`, and in any case `absoluteMaxAgeMs` after it began (`created_at`).
 */
export class KnexSessionStore {
  private lastPrune = 0;
  /** A session unused for this long ends. */
  readonly idleMs: number;
  private readonly touchEveryMs: number;

  constructor(
    private readonly db: Knex,
    private readonly pruneEveryMs = 10 * 60 * 1000,
    readonly absoluteMaxAgeMs = DEFAULT_SESSION_MAX_AGE_MS,
    lifetime: SessionLifetime = {},
  ) {
    this.idleMs = lifetime.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    this.touchEveryMs = lifetime.touchEveryMs ?? DEFAULT_SESSION_TOUCH_EVERY_MS;
  }

  /**
   * A live session's data. Reading a session is using it (a page, or /auth/verify for every
   * request of the application): its idle expiry moves to `idleMs` from now, never past its
   * absolute end. Written only when that moves it by `touchEveryMs` or more, so nearly every read
   * stays one SELECT.
   */
  async get(sid: string): Promise<Record<string, unknown> | undefined> {
    const extended = this.extendedExpiry();
    const row = await this.db("auth0_sessions")
      .select("data", this.db.raw(`expires_at < ${extended.sql} - make_interval(secs => ?) as touch_due`, [...extended.bindings, this.touchEveryMs / 1000]))
      .where({ sid })
      .andWhere("expires_at", ">", this.db.fn.now())
      .andWhere("created_at", ">", this.oldestStart())
      .first();
    if (!row) return undefined;
    if (row.touch_due === true) await this.touch(sid);
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

  /** Conditional, so instances that read the session at the same moment write it once. */
  private async touch(sid: string): Promise<void> {
    const extended = this.extendedExpiry();
    await this.db("auth0_sessions")
      .where({ sid })
      .andWhereRaw(`expires_at < ${extended.sql} - make_interval(secs => ?)`, [...extended.bindings, this.touchEveryMs / 1000])
      .update({ expires_at: this.db.raw(extended.sql, extended.bindings) });
  }

  /** The idle expiry a use now gives (database time): `idleMs` ahead, capped at the absolute end. */
  private extendedExpiry(): { sql: string; bindings: number[] } {
    return {
      sql: "least(now() + make_interval(secs => ?), created_at + make_interval(secs => ?))",
      bindings: [this.idleMs / 1000, this.absoluteMaxAgeMs / 1000],
    };
  }

  /** Sessions that began before this moment (database time) are over. */
  private oldestStart(): Knex.Raw {
    return this.db.raw("now() - make_interval(secs => ?)", [this.absoluteMaxAgeMs / 1000]);
  }
}
