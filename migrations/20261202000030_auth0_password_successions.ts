import type { Knex } from "knex";

/**
 * When this service re-writes a legacy hash with the same password (re-hash on login, the
 * local copy of an Auth0 password), sessions bound to the old hash must keep verifying: each
 * such re-write is recorded as old fingerprint -> new fingerprint. A reset is never recorded.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_password_successions", (t) => {
    t.text("legacy_user_id").notNullable();
    t.text("from_fingerprint").notNullable();
    t.text("to_fingerprint").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(["legacy_user_id", "from_fingerprint"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_password_successions");
}
