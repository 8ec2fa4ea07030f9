import { createDb } from "../../src/db/createDb";
import { migrateLatest } from "../../src/db/migrateLatest";
import { loadEnvConfig } from "./loadEnvConfig";

export async function runDbMigrate(): Promise<void> {
  const config = loadEnvConfig();
  const db = createDb({ url: config.databaseUrl, pgliteDir: config.dataDir });
  try {
    const applied = await migrateLatest(db);
    process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "already up to date\n");
  } finally {
    await db.destroy();
  }
}
