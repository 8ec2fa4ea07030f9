import type { Knex } from "knex";

/** Password-reset requests inside the limiting window, per address and per client (every instance sees them). */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_reset_requests", (t) => {
    t.bigIncrements("id").primary();
    // lower(email) as PostgreSQL computes it: the recipients' lookup compares the same way.
    t.text("email_key").notNullable();
    t.text("ip").notNullable();
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(["email_key", "at"]);
    t.index(["ip", "at"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_reset_requests");
}
