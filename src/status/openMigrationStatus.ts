import type { Config } from "../config";
import { createDb } from "../db/createDb";
import { migrateIfBehind } from "../db/migrateIfBehind";
import { legacySchemaOf } from "../legacy/legacySchemaOf";
import { MigrationStatusQuery } from "./MigrationStatusQuery";

export interface MigrationStatusReader {
  status: MigrationStatusQuery;
  close(): Promise<void>;
}

/**
 * Just what `migrate-status` needs (the database, its migrations, the legacy schema), wired
 * the way buildCore wires it; no hashers, mailer or Auth0, so the command starts fast.
 */
export async function openMigrationStatus(config: Config): Promise<MigrationStatusReader> {
  const db = createDb({ url: config.databaseUrl, pgliteDir: config.dataDir });
  try {
    await migrateIfBehind(db);
    const schema = legacySchemaOf(config);
    return { status: new MigrationStatusQuery(db, schema), close: () => db.destroy() };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
