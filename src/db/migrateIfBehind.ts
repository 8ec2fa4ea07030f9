import type { Knex } from "knex";
import { MIGRATIONS_TABLE, migrationSource } from "../../migrations";
import { migrateLatest } from "./migrateLatest";

/**
 * For read-mostly commands (migrate-status): one read tells whether every migration is
 * applied; only when one is missing does it run knex's migrator, whose lock rows are writes
 * (slow to commit and flush on PGlite). Returns the names applied now.
 */
export async function migrateIfBehind(db: Knex): Promise<string[]> {
  const known = await migrationSource.getMigrations([]);
  if (await db.schema.hasTable(MIGRATIONS_TABLE)) {
    const rows = (await db(MIGRATIONS_TABLE).select("name")) as Array<{ name: string }>;
    const applied = new Set(rows.map((r) => r.name));
    if (known.every((name) => applied.has(name))) return [];
  }
  return migrateLatest(db);
}
