import type { Knex } from "knex";

/**
 * The dashboard lists the users stuck in one state, latest attempt first, a page at a time:
 * this index hands PostgreSQL each page in order without sorting every row of that state.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(
    "create index auth0_migration_state_stuck_idx on auth0_migration_state (state, last_attempt_at desc nulls last, legacy_user_id) where state <> 'migrated'",
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw("drop index auth0_migration_state_stuck_idx");
}
