import type { Knex } from "knex";

/**
 * Links made on proof of the email address: the methods `linked_by_email_proof` (an existing
 * Auth0 account taken over by the owner of its address) and `email_added` (a user without a
 * usable address created in Auth0 with one they proved), and when that proof was made.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable("auth0_links", (t) => {
    t.timestamp("email_proven_at", { useTz: true }).nullable();
    // "Is this address already linked to another legacy user?" (the add-an-address page).
    t.index(["auth0_login"], "auth0_links_auth0_login_idx");
  });
  await db.raw("alter table auth0_links drop constraint auth0_links_method_check");
  await db.raw(
    "alter table auth0_links add constraint auth0_links_method_check check (method in ('login', 'linked_existing', 'password_reset', 'reconcile', 'password_change', 'bulk_import', 'linked_by_email_proof', 'email_added'))",
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw("alter table auth0_links drop constraint auth0_links_method_check");
  await db.raw(
    "alter table auth0_links add constraint auth0_links_method_check check (method in ('login', 'linked_existing', 'password_reset', 'reconcile', 'password_change', 'bulk_import'))",
  );
  await db.schema.alterTable("auth0_links", (t) => {
    t.dropIndex(["auth0_login"], "auth0_links_auth0_login_idx");
    t.dropColumn("email_proven_at");
  });
}
