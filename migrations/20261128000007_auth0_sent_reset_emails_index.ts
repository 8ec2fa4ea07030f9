import type { Knex } from "knex";

/**
 * Who was ever sent a reset email, read by migrate-status on every run: a partial index lets
 * PostgreSQL answer from the index alone instead of reading every email row.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw("create index auth0_reset_emails_sent_user_idx on auth0_reset_emails (legacy_user_id) where status = 'sent'");
}

export async function down(db: Knex): Promise<void> {
  await db.raw("drop index auth0_reset_emails_sent_user_idx");
}
