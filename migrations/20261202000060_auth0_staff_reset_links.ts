import type { Knex } from "knex";

/**
 * Who sent which stuck user a reset link from /admin, when, and how it went: support can tell
 * a user "we sent it at 14:02", and a review can see who acted on whom.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_staff_reset_links", (t) => {
    t.bigIncrements("id").primary();
    t.text("legacy_user_id").notNullable();
    t.text("staff_user_id").notNullable();
    t.text("staff_username").notNullable();
    // sent | failed (the mail server refused or was unreachable)
    t.text("outcome").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(["legacy_user_id", "created_at"]);
  });
  await db.raw("alter table auth0_staff_reset_links add constraint auth0_staff_reset_links_outcome_check check (outcome in ('sent', 'failed'))");
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_staff_reset_links");
}
