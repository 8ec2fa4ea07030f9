import type { Knex } from "knex";
import * as m001 from "./20261122000001_auth0_links";
import * as m002 from "./20261122000002_auth0_migration_state";
import * as m003 from "./20261122000003_auth0_sessions";
import * as m004 from "./20261122000004_auth0_reset_campaigns";
import * as m005 from "./20261122000005_auth0_login_failures";
import * as m006 from "./20261122000006_auth0_rate_budget";
import * as m007 from "./20261128000007_auth0_sent_reset_emails_index";
import * as m008 from "./20261128000008_auth0_stuck_users_index";
import * as m010 from "./20261202000010_auth0_reset_request_limits";
import * as m020 from "./20261202000020_auth0_sessions_created_at";
import * as m030 from "./20261202000030_auth0_password_successions";
import * as m040 from "./20261202000040_auth0_password_claims";
import * as m050 from "./20261202000050_auth0_bulk_import";
import * as m060 from "./20261202000060_auth0_staff_reset_links";
import * as m070 from "./20261202000070_auth0_links_email_proof";

interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

// Listed in code so the same migrations run from TypeScript (knex CLI, tests) and compiled JS.
const migrations: ReadonlyArray<[string, Migration]> = [
  ["20261122000001_auth0_links", m001],
  ["20261122000002_auth0_migration_state", m002],
  ["20261122000003_auth0_sessions", m003],
  ["20261122000004_auth0_reset_campaigns", m004],
  ["20261122000005_auth0_login_failures", m005],
  ["20261122000006_auth0_rate_budget", m006],
  ["20261128000007_auth0_sent_reset_emails_index", m007],
  ["20261128000008_auth0_stuck_users_index", m008],
  ["20261202000010_auth0_reset_request_limits", m010],
  ["20261202000020_auth0_sessions_created_at", m020],
  ["20261202000030_auth0_password_successions", m030],
  ["20261202000040_auth0_password_claims", m040],
  ["20261202000050_auth0_bulk_import", m050],
  ["20261202000060_auth0_staff_reset_links", m060],
  ["20261202000070_auth0_links_email_proof", m070],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => migrations.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = migrations.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};

/** Kept apart from the legacy application's own knex_migrations table. */
export const MIGRATIONS_TABLE = "auth0_migrate_migrations";

export const migrationConfig: Knex.MigratorConfig = {
  migrationSource,
  tableName: MIGRATIONS_TABLE,
};
