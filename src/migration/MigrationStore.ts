import type { Knex } from "knex";
import type { Auth0Link, MigrationMethod, MigrationState, MigrationStatus } from "./migrationTypes";

export type LinkOutcome =
  | { kind: "linked"; link: Auth0Link }
  /** This Auth0 user is already linked to another legacy user. */
  | { kind: "taken"; otherLegacyUserId: string };

function toLink(row: Record<string, unknown>): Auth0Link {
  return {
    legacyUserId: String(row.legacy_user_id),
    auth0UserId: String(row.auth0_user_id),
    auth0Login: String(row.auth0_login),
    method: row.method as MigrationMethod,
    migratedAt: row.migrated_at instanceof Date ? row.migrated_at : new Date(String(row.migrated_at)),
  };
}

/** auth0_links and auth0_migration_state: who is migrated, and how each attempt ended. */
export class MigrationStore {
  constructor(private readonly db: Knex) {}

  async getLink(legacyUserId: string): Promise<Auth0Link | null> {
    const row = await this.db("auth0_links").where({ legacy_user_id: legacyUserId }).first();
    return row ? toLink(row) : null;
  }

  /** The link naming this Auth0 user (the ID token's `sub`, an account found by email), if any. */
  async findByAuth0UserId(auth0UserId: string): Promise<Auth0Link | null> {
    const row = await this.db("auth0_links").where({ auth0_user_id: auth0UserId }).first();
    return row ? toLink(row) : null;
  }

  async getStatus(legacyUserId: string): Promise<MigrationStatus> {
    const link = await this.getLink(legacyUserId);
    if (link) return { state: "migrated", method: link.method, auth0UserId: link.auth0UserId, reason: null };
    const row = await this.db("auth0_migration_state").where({ legacy_user_id: legacyUserId }).first();
    if (!row) return { state: "not_started", method: null, auth0UserId: null, reason: null };
    return { state: row.state as MigrationState, method: null, auth0UserId: null, reason: row.reason ?? null };
  }

  /**
   * Claims the user's migration for `leaseMs` so concurrent logins make one Auth0 call.
   * False when another attempt holds an unexpired claim. Times are the database's.
   */
  async claim(legacyUserId: string, leaseMs: number): Promise<boolean> {
    const lease = this.db.raw("now() + (? * interval '1 millisecond')", [leaseMs]);
    const rows = await this.db("auth0_migration_state")
      .insert({ legacy_user_id: legacyUserId, state: "pending", reason: "in_progress", claimed_until: lease })
      .onConflict("legacy_user_id")
      .merge({ claimed_until: lease })
      .where((q) =>
        q.whereNull("auth0_migration_state.claimed_until").orWhere("auth0_migration_state.claimed_until", "<", this.db.fn.now()),
      )
      // A login that read "not linked" just before a concurrent one linked must not migrate again.
      .whereNotExists(this.linkOf(this.db))
      .returning("legacy_user_id");
    return rows.length === 1;
  }

  /**
   * Records how an attempt ended and releases the claim. A user linked meanwhile (an attempt
   * whose claim outlived its lease) stays migrated: the link is the truth.
   */
  async recordAttempt(legacyUserId: string, state: Exclude<MigrationState, "migrated">, reason: string | null): Promise<void> {
    await this.upsertState(this.db, legacyUserId, state, reason, true);
  }

  /** Whether a legacy user other than this one is linked to an Auth0 account known by this (lower-cased) email. */
  async isEmailLinkedToOther(email: string, legacyUserId: string): Promise<boolean> {
    const row = await this.db("auth0_links")
      .where({ auth0_login: email.trim().toLowerCase() })
      .whereNot({ legacy_user_id: legacyUserId })
      .first("legacy_user_id");
    return row !== undefined;
  }

  private linkOf(db: Knex | Knex.Transaction): Knex.QueryBuilder {
    return db("auth0_links").select(db.raw("1")).whereRaw("auth0_links.legacy_user_id = auth0_migration_state.legacy_user_id");
  }

  /**
   * Links a legacy user to an Auth0 user and marks it migrated, atomically. A legacy user
   * already linked (a concurrent attempt won) keeps its link.
   */
  async link(input: {
    legacyUserId: string;
    auth0UserId: string;
    auth0Login: string;
    method: MigrationMethod;
    /** When the user proved control of the address (links made on that proof). */
    emailProvenAt?: Date;
  }): Promise<LinkOutcome> {
    return this.db.transaction(async (trx) => {
      // Either unique key (legacy id, Auth0 id) may already be taken: decide after the transaction.
      const inserted = await trx("auth0_links")
        .insert({
          legacy_user_id: input.legacyUserId,
          auth0_user_id: input.auth0UserId,
          auth0_login: input.auth0Login,
          method: input.method,
          ...(input.emailProvenAt ? { email_proven_at: input.emailProvenAt } : {}),
        })
        .onConflict()
        .ignore()
        .returning("legacy_user_id");
      if (inserted.length === 0) return { kind: "retry" as const };
      await this.upsertState(trx, input.legacyUserId, "migrated", null);
      const row = await trx("auth0_links").where({ legacy_user_id: input.legacyUserId }).first();
      return { kind: "linked" as const, link: toLink(row) };
    }).then(async (outcome): Promise<LinkOutcome> => {
      if (outcome.kind === "linked") return outcome;
      const mine = await this.getLink(input.legacyUserId);
      if (mine) return { kind: "linked", link: mine };
      const other = await this.db("auth0_links").where({ auth0_user_id: input.auth0UserId }).first();
      if (other) return { kind: "taken", otherLegacyUserId: String(other.legacy_user_id) };
      throw new Error("auth0_links unique violation with no conflicting row");
    });
  }

  private async upsertState(
    db: Knex | Knex.Transaction,
    legacyUserId: string,
    state: MigrationState,
    reason: string | null,
    unlessLinked = false,
  ): Promise<void> {
    const query = db("auth0_migration_state")
      .insert({
        legacy_user_id: legacyUserId,
        state,
        reason,
        attempts: 1,
        last_attempt_at: db.fn.now(),
        claimed_until: null,
        updated_at: db.fn.now(),
      })
      .onConflict("legacy_user_id")
      .merge({
        state,
        reason,
        attempts: db.raw("auth0_migration_state.attempts + 1"),
        last_attempt_at: db.fn.now(),
        claimed_until: null,
        updated_at: db.fn.now(),
      });
    await (unlessLinked ? query.whereNotExists(this.linkOf(db)) : query);
  }
}
