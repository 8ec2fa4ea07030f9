import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";
import type { LegacySchema } from "../legacy/legacyPresets";
import { StatusQueryError, statusQueryReason } from "./StatusQueryError";

/** The states an operator has to look at: the login did not migrate the user. */
export const STUCK_STATES = ["conflict", "weak_password", "no_email", "pending"] as const;
export type StuckState = (typeof STUCK_STATES)[number];

export interface StuckUser {
  legacyUserId: string;
  /** null when the legacy row is gone. */
  username: string | null;
  email: string | null;
  /** false when deactivated (or gone) since the attempt: such users leave the report's counts. */
  active: boolean;
  reason: string | null;
  attempts: number;
  lastAttemptAt: Date | null;
}

export interface StuckUsersPage {
  state: StuckState;
  page: number;
  pageSize: number;
  /** Rows in this state in the service's table (deactivated and deleted users included). */
  total: number;
  users: StuckUser[];
}

/** A page of the users in one stuck state, latest attempt first. */
export interface StuckUsersSource {
  page(state: StuckState, page: number, pageSize: number): Promise<StuckUsersPage>;
}

/**
 * Pages through auth0_migration_state on its (state, last_attempt_at) index, then looks up
 * just that page's legacy rows by id: the legacy table is never scanned, and never altered.
 */
export class StuckUsersQuery implements StuckUsersSource {
  constructor(
    private readonly db: Knex,
    private readonly schema: LegacySchema,
  ) {}

  async page(state: StuckState, page: number, pageSize: number): Promise<StuckUsersPage> {
    try {
      const [countRow] = await this.db("auth0_migration_state").where({ state }).count({ n: "*" });
      const rows = (await this.db("auth0_migration_state")
        .where({ state })
        .select("legacy_user_id", "reason", "attempts", "last_attempt_at")
        .orderByRaw("last_attempt_at desc nulls last, legacy_user_id")
        .offset((page - 1) * pageSize)
        .limit(pageSize)) as Array<{ legacy_user_id: string; reason: string | null; attempts: unknown; last_attempt_at: unknown }>;
      const legacy = await this.legacyRows(rows.map((r) => r.legacy_user_id));
      return {
        state,
        page,
        pageSize,
        total: toNumber(countRow?.n),
        users: rows.map((r) => {
          const l = legacy.get(r.legacy_user_id);
          return {
            legacyUserId: r.legacy_user_id,
            username: l?.username ?? null,
            email: l?.email ?? null,
            active: l?.active ?? false,
            reason: r.reason,
            attempts: toNumber(r.attempts),
            lastAttemptAt: toDate(r.last_attempt_at),
          };
        }),
      };
    } catch (err) {
      throw new StatusQueryError(statusQueryReason(err, this.schema.table), err);
    }
  }

  private async legacyRows(ids: string[]): Promise<Map<string, { username: string; email: string | null; active: boolean }>> {
    const found = new Map<string, { username: string; email: string | null; active: boolean }>();
    if (ids.length === 0) return found;
    const c = this.schema.columns;
    const cols = [this.db.raw("??::text as id", [c.id]), this.db.raw("?? as username", [c.username]), this.db.raw("?? as email", [c.email])];
    if (c.isActive) cols.push(this.db.raw("coalesce(??::boolean, false) as active", [c.isActive]));
    // Untyped parameters: PostgreSQL reads them as the id column's own type, so its index serves.
    const rows = (await this.db(this.schema.table).select(cols).whereIn(c.id, ids)) as Array<Record<string, unknown>>;
    for (const r of rows) {
      found.set(String(r.id), {
        username: String(r.username ?? ""),
        email: typeof r.email === "string" ? r.email : null,
        active: c.isActive ? r.active === true : true,
      });
    }
    return found;
  }
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  return typeof value === "string" ? new Date(value) : null;
}
