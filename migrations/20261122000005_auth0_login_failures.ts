import type { Knex } from "knex";

/** Failed logins inside the throttling window, kept in the database so every instance sees them. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_login_failures", (t) => {
    t.bigIncrements("id").primary();
    t.text("account_key").notNullable();
    t.text("ip").notNullable();
    t.timestamp("at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(["ip", "at"]);
    t.index(["account_key", "ip", "at"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_login_failures");
}
