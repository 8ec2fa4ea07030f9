import type { Knex } from "knex";

/**
 * Bulk password-reset campaigns and one row per (campaign, user): the row is the claim that
 * keeps a user to one email per campaign across restarts and concurrent workers.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_reset_campaigns", (t) => {
    t.increments("id").primary();
    t.text("name").notNullable().unique();
    t.jsonb("filters").notNullable().defaultTo("{}");
    t.text("created_by");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp("finished_at", { useTz: true });
  });
  await db.schema.createTable("auth0_reset_emails", (t) => {
    t.bigIncrements("id").primary();
    t.integer("campaign_id").notNullable().references("id").inTable("auth0_reset_campaigns").onDelete("CASCADE");
    t.text("legacy_user_id").notNullable();
    t.text("email").notNullable();
    t.text("status").notNullable().defaultTo("queued");
    t.integer("attempts").notNullable().defaultTo(0);
    t.text("message_id");
    t.text("error");
    t.text("claimed_by");
    t.timestamp("claimed_until", { useTz: true });
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp("sent_at", { useTz: true });
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.unique(["campaign_id", "legacy_user_id"]);
    t.index(["campaign_id", "status", "id"]);
    t.index(["legacy_user_id", "sent_at"]);
  });
  await db.raw(
    "alter table auth0_reset_emails add constraint auth0_reset_emails_status_check check (status in ('queued', 'sending', 'sent', 'failed', 'skipped'))",
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_reset_emails");
  await db.schema.dropTable("auth0_reset_campaigns");
}
