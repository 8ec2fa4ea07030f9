import type { Knex } from "knex";

/**
 * When each session began (its login): SESSION_MAX_AGE ends a session that old however active it
 * stays. Rows from before this migration count from the moment it ran.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable("auth0_sessions", (t) => {
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable("auth0_sessions", (t) => {
    t.dropColumn("created_at");
  });
}
