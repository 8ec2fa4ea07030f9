import type { Knex } from "knex";

const METHODS_BEFORE = "('login', 'linked_existing', 'password_reset', 'reconcile', 'password_change')";
const METHODS_AFTER = "('login', 'linked_existing', 'password_reset', 'reconcile', 'password_change', 'bulk_import')";

/**
 * bulk-import's ledger: runs (one running at a time, held by a lease), their files (recorded
 * before they are sent: external_id, job id, status) and the users in each file (a user is in
 * at most one file: the primary key), with the fingerprint of the legacy hash sent.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_bulk_import_runs", (t) => {
    t.increments("id").primary();
    t.text("name").notNullable().unique();
    t.text("status").notNullable().defaultTo("running");
    t.text("owner");
    t.timestamp("lease_until", { useTz: true });
    t.jsonb("summary");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp("finished_at", { useTz: true });
  });
  await db.raw("alter table auth0_bulk_import_runs add constraint auth0_bulk_import_runs_status_check check (status in ('running', 'finished'))");
  // At most one run in progress: a second process finds it and waits or refuses.
  await db.raw("create unique index auth0_bulk_import_runs_one_running on auth0_bulk_import_runs (status) where status = 'running'");

  await db.schema.createTable("auth0_bulk_import_files", (t) => {
    t.increments("id").primary();
    t.integer("run_id").notNullable().references("id").inTable("auth0_bulk_import_runs");
    t.text("external_id").unique();
    t.text("status").notNullable().defaultTo("prepared");
    t.text("job_id");
    t.integer("users").notNullable();
    t.integer("bytes").notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.jsonb("summary");
    t.text("error");
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp("submitted_at", { useTz: true });
    t.timestamp("finished_at", { useTz: true });
    t.index(["run_id", "status"]);
  });
  await db.raw(
    "alter table auth0_bulk_import_files add constraint auth0_bulk_import_files_status_check check (status in ('prepared', 'submitting', 'submitted', 'completed', 'failed', 'unknown'))",
  );

  await db.schema.createTable("auth0_bulk_import_users", (t) => {
    t.text("legacy_user_id").primary();
    t.integer("file_id").notNullable().references("id").inTable("auth0_bulk_import_files");
    t.text("auth0_user_id").notNullable();
    t.text("email").notNullable();
    t.text("format").notNullable();
    /** sha256 of the legacy hash as it was imported: the safety net compares it with today's. */
    t.text("fingerprint").notNullable();
    /** null until the job's result is read: inserted | failed. */
    t.text("outcome");
    t.text("error_code");
    /** Set when the safety net set the password in Auth0 at a login (import_repaired). */
    t.timestamp("repaired_at", { useTz: true });
    t.index(["file_id"]);
  });

  await db.raw("alter table auth0_links drop constraint auth0_links_method_check");
  await db.raw(`alter table auth0_links add constraint auth0_links_method_check check (method in ${METHODS_AFTER})`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw("alter table auth0_links drop constraint auth0_links_method_check");
  await db.raw(`alter table auth0_links add constraint auth0_links_method_check check (method in ${METHODS_BEFORE})`);
  await db.schema.dropTable("auth0_bulk_import_users");
  await db.schema.dropTable("auth0_bulk_import_files");
  await db.schema.dropTable("auth0_bulk_import_runs");
}
