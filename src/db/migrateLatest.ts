import type { Knex } from "knex";
import { migrationConfig } from "../../migrations";

/** Applies the service's own migrations; returns the names applied now. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}
