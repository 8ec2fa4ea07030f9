import type { Knex } from "knex";

/**
 * One row while a password change of a user is under way (reset confirm, backend API), so two
 * concurrent changes run one after the other and both stores end with the same password.
 * Also lets a link record the method `password_change` (the backend API's password route).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_password_claims", (t) => {
    t.text("legacy_user_id").primary();
    t.text("claim_id").notNullable();
    t.timestamp("claimed_until", { useTz: true }).notNullable();
  });
  await db.raw("alter table auth0_links drop constraint auth0_links_method_check");
  await db.raw(
    "alter table auth0_links add constraint auth0_links_method_check check (method in ('login', 'linked_existing', 'password_reset', 'reconcile', 'password_change'))",
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw("alter table auth0_links drop constraint auth0_links_method_check");
  await db.raw(
    "alter table auth0_links add constraint auth0_links_method_check check (method in ('login', 'linked_existing', 'password_reset', 'reconcile'))",
  );
  await db.schema.dropTable("auth0_password_claims");
}
