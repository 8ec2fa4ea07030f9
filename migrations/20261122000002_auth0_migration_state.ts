import type { Knex } from "knex";

/**
 * The latest migration outcome per legacy user that has tried to migrate, and a short
 * claim (claimed_until) so that concurrent logins of one user make one Auth0 call.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_migration_state", (t) => {
    t.text("legacy_user_id").primary();
    t.text("state").notNullable();
    t.text("reason");
    t.integer("attempts").notNullable().defaultTo(0);
    t.timestamp("last_attempt_at", { useTz: true });
    t.timestamp("claimed_until", { useTz: true });
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(["state"]);
  });
  await db.raw(
    "alter table auth0_migration_state add constraint auth0_migration_state_state_check check (state in ('migrated', 'pending', 'conflict', 'weak_password', 'no_email'))",
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_migration_state");
}
