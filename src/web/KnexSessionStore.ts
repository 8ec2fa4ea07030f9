import type { Knex } from "knex";
import { affectedRows } from "../db/affectedRows";

/**
 * koa-session's external store in `auth0_sessions`: the cookie carries only a random id,
 * so logging out (or a deleted row) really ends the session.
 */
export class KnexSessionStore {
  private lastPrune = 0;

  constructor(
    private readonly db: Knex,
    private readonly pruneEveryMs = 10 * 60 * 1000,
  ) {}

  async get(sid: string): Promise<Record<string, unknown> | undefined> {
    const row = await this.db("auth0_sessions").where({ sid }).andWhere("expires_at", ">", this.db.fn.now()).first();
    if (!row) return undefined;
    return typeof row.data === "string" ? JSON.parse(row.data) : row.data;
  }

  async set(sid: string, data: Record<string, unknown>, maxAge: number | "session"): Promise<void> {
    const ms = typeof maxAge === "number" ? maxAge : 24 * 3600 * 1000;
    await this.db("auth0_sessions")
      .insert({ sid, data: JSON.stringify(data), expires_at: new Date(Date.now() + ms) })
      .onConflict("sid")
      .merge(["data", "expires_at"]);
    // Expired sessions (anonymous visitors of /login among them) are swept now and then.
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

  /** Deletes expired sessions; returns how many. */
  async prune(): Promise<number> {
    return affectedRows(await this.db("auth0_sessions").where("expires_at", "<=", this.db.fn.now()).delete());
  }
}
