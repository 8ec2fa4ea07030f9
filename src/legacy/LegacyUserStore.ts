import { emailKey } from "./emailKey";
import type { Knex } from "knex";
import type { LegacyColumns, LegacySchema } from "./legacyPresets";
import type { LegacyLookup, LegacyUser } from "./LegacyUser";

// PostgreSQL rejects a text that is not a valid value of the id column's type (22P02), a number
// out of its range (22003), or a NUL byte (22021): no user has such an id.
const NOT_AN_ID = new Set(["22P02", "22003", "22021"]);

function isInvalidInput(err: unknown): boolean {
  return typeof err === "object" && err !== null && NOT_AN_ID.has(String((err as { code?: unknown }).code));
}

/**
 * The legacy application's user table, seen through a column mapping. It reads users and
 * writes only the password and last-login columns; it never alters the table's schema.
 */
export class LegacyUserStore {
  private readonly c: LegacyColumns;
  private readonly table: string;

  constructor(
    private readonly db: Knex,
    schema: LegacySchema,
  ) {
    this.c = schema.columns;
    this.table = schema.table;
  }

  private select(): Knex.QueryBuilder {
    const c = this.c;
    const cols: Array<string | Knex.Raw> = [
      this.db.raw("??::text as id", [c.id]),
      this.db.raw("?? as username", [c.username]),
      this.db.raw("?? as email", [c.email]),
      this.db.raw("?? as password", [c.password]),
    ];
    if (c.isActive) cols.push(this.db.raw("?? as is_active", [c.isActive]));
    if (c.isStaff) cols.push(this.db.raw("?? as is_staff", [c.isStaff]));
    if (c.lastLogin) cols.push(this.db.raw("?? as last_login", [c.lastLogin]));
    return this.db(this.table).select(cols);
  }

  /** By exact username, else by case-insensitive email (unique match only). */
  async findByIdentifier(identifier: string): Promise<LegacyLookup> {
    const byName = await this.select().where(this.c.username, identifier).limit(2);
    if (byName.length === 1) return { kind: "found", user: toUser(byName[0]) };
    if (byName.length > 1) return { kind: "ambiguous" };
    if (!identifier.includes("@")) return { kind: "none" };
    const byEmail = await this.select()
      .whereRaw("lower(??) = lower(?)", [this.c.email, identifier])
      .limit(2);
    if (byEmail.length === 1) return { kind: "found", user: toUser(byEmail[0]) };
    return byEmail.length === 0 ? { kind: "none" } : { kind: "ambiguous" };
  }

  /** Every user with this email (case-insensitive), for password-reset requests. */
  async findAllByEmail(email: string, limit = 50): Promise<LegacyUser[]> {
    const rows = await this.select()
      .whereRaw("lower(??) = lower(?)", [this.c.email, email])
      .orderBy(this.c.id)
      .limit(limit);
    return rows.map(toUser);
  }

  /**
   * Of these addresses, the ids of users who hold one alone (compared by emailKey, in
   * PostgreSQL): a shared address identifies nobody.
   */
  async soleHoldersOfEmails(emails: readonly string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows = await this.db(this.table)
      .select(this.db.raw("min(??::text) as id", [this.c.id]))
      .whereRaw(`${emailKey("??")} in (select ${emailKey("x")} from unnest(?::text[]) as x)`, [this.c.email, [...emails]])
      .groupByRaw(emailKey("??"), [this.c.email])
      .havingRaw("count(*) = 1");
    return new Set(rows.map((r: { id: unknown }) => String(r.id)));
  }

  /** Whether another user holds this address too (compared by emailKey: case and surrounding spaces aside). */
  async isEmailShared(email: string): Promise<boolean> {
    const rows = await this.db(this.table).select(this.c.id).whereRaw(`${emailKey("??")} = ${emailKey("?")}`, [this.c.email, email]).limit(2);
    return rows.length > 1;
  }

  async findById(id: string): Promise<LegacyUser | null> {
    try {
      // The parameter goes untyped, so PostgreSQL reads it as the id column's own type.
      const rows = await this.select().where(this.c.id, id).limit(1);
      return rows.length ? toUser(rows[0]) : null;
    } catch (err) {
      if (isInvalidInput(err)) return null;
      throw err;
    }
  }

  async updatePassword(id: string, passwordHash: string): Promise<void> {
    await this.db(this.table).where(this.c.id, id).update({ [this.c.password]: passwordHash });
  }

  /**
   * Replaces the password hash only if it is still `expected`, so a re-hash never overwrites
   * a password reset that landed in between. Returns whether the row changed.
   */
  async replacePasswordHash(id: string, expected: string, passwordHash: string): Promise<boolean> {
    const changed = await this.db(this.table)
      .where(this.c.id, id)
      .andWhere(this.c.password, expected)
      .update({ [this.c.password]: passwordHash });
    return changed > 0;
  }

  /** Records a login the way the legacy app would (Django updates last_login). */
  async touchLastLogin(id: string, at: Date): Promise<void> {
    if (!this.c.lastLogin) return;
    await this.db(this.table).where(this.c.id, id).update({ [this.c.lastLogin]: at });
  }
}

function toUser(row: Record<string, unknown>): LegacyUser {
  const lastLogin = row.last_login;
  return {
    id: String(row.id),
    username: String(row.username ?? ""),
    email: typeof row.email === "string" && row.email.trim() !== "" ? row.email.trim() : null,
    passwordHash: typeof row.password === "string" ? row.password : null,
    isActive: row.is_active === undefined ? true : row.is_active === true || row.is_active === 1 || row.is_active === "t",
    isStaff: row.is_staff === true || row.is_staff === 1 || row.is_staff === "t",
    lastLogin: lastLogin instanceof Date ? lastLogin : typeof lastLogin === "string" ? new Date(lastLogin) : null,
  };
}
