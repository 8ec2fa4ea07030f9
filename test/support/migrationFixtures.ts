import type { Knex } from "knex";
import { MigrationStore } from "../../src/migration/MigrationStore";
import type { MigrationMethod, MigrationState } from "../../src/migration/migrationTypes";

/**
 * Factory for the service's side of a user's migration: links and attempt outcomes through
 * the real MigrationStore, reset emails as the campaign runner leaves them.
 */
export class MigrationFixtures {
  private readonly store: MigrationStore;
  private campaignId: number | undefined;
  private seq = 0;

  constructor(private readonly db: Knex) {
    this.store = new MigrationStore(db);
  }

  /** Links the user (optionally `daysAgo` in the past, by the database's clock). */
  async migrated(legacyUserId: string, method: MigrationMethod = "login", daysAgo = 0): Promise<void> {
    this.seq += 1;
    const outcome = await this.store.link({
      legacyUserId,
      auth0UserId: `auth0|fixture-${this.seq}-${legacyUserId}`,
      auth0Login: `fixture-${this.seq}@example.com`,
      method,
    });
    if (outcome.kind !== "linked") throw new Error(`fixture link failed for ${legacyUserId}`);
    if (daysAgo > 0) {
      await this.db("auth0_links")
        .where({ legacy_user_id: legacyUserId })
        .update({ migrated_at: this.db.raw("now() - (? * interval '1 day')", [daysAgo]) });
    }
  }

  /** Links the user to a given Auth0 user id (the `sub` a Universal Login will carry). */
  async linkedAs(legacyUserId: string, auth0UserId: string): Promise<void> {
    const outcome = await this.store.link({ legacyUserId, auth0UserId, auth0Login: `${legacyUserId}@example.com`, method: "login" });
    if (outcome.kind !== "linked") throw new Error(`fixture link failed for ${legacyUserId}`);
  }

  async attempted(legacyUserId: string, state: Exclude<MigrationState, "migrated">): Promise<void> {
    await this.store.recordAttempt(legacyUserId, state, state === "pending" ? "auth0_unavailable" : null);
  }

  /** A reset email to the user in the fixtures' campaign, with the runner's final status. */
  async emailed(legacyUserId: string, status: "sent" | "failed" | "skipped" = "sent"): Promise<void> {
    if (this.campaignId === undefined) {
      const [row] = await this.db("auth0_reset_campaigns")
        .insert({ name: `fixture-campaign-${Date.now()}` })
        .returning("id");
      this.campaignId = Number((row as { id: unknown }).id);
    }
    await this.db("auth0_reset_emails").insert({
      campaign_id: this.campaignId,
      legacy_user_id: legacyUserId,
      email: `${legacyUserId}@example.com`,
      status,
      attempts: 1,
      sent_at: status === "sent" ? this.db.fn.now() : null,
    });
  }
}
