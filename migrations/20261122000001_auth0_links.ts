import type { Knex } from "knex";

/** One row per migrated legacy user; both ids unique so a link is one-to-one. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_links", (t) => {
    t.text("legacy_user_id").primary();
    t.text("auth0_user_id").notNullable().unique();
    // The login Auth0 knows this user by (lower-cased email), for the password-realm grant.
    t.text("auth0_login").notNullable();
    t.text("method").notNullable();
    t.timestamp("migrated_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(["migrated_at"]);
  });
  await db.raw(
    "alter table auth0_links add constraint auth0_links_method_check check (method in ('login', 'linked_existing', 'password_reset', 'reconcile'))",
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_links");
}
