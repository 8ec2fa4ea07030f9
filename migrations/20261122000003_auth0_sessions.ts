import type { Knex } from "knex";

/** Server-side sessions: the cookie holds only a random id, so logout really ends a session. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_sessions", (t) => {
    t.text("sid").primary();
    t.jsonb("data").notNullable();
    t.timestamp("expires_at", { useTz: true }).notNullable();
    t.index(["expires_at"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_sessions");
}
