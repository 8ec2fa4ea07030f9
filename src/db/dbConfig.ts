import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Knex } from "knex";
import type ClientPgLiteClass from "knex-pglite";

export interface DbOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  url?: string | undefined;
  /** Data folder; PGlite keeps its files in `<dir>/pglite`. `null` keeps PGlite in memory (tests). */
  pgliteDir?: string | null;
  /** PostgreSQL schema to work in (tests isolate themselves this way). */
  searchPath?: string;
  poolMax?: number;
}

export type DbKind = "postgresql" | "pglite";

export function dbKind(options: DbOptions): DbKind {
  return options.url ? "postgresql" : "pglite";
}

/** Knex config: PostgreSQL when a URL is given, else embedded PGlite (real Postgres in WebAssembly). */
export function dbConfig(options: DbOptions): Knex.Config {
  const searchPath = options.searchPath ? [options.searchPath] : undefined;
  if (options.url) {
    return {
      client: "pg",
      connection: options.url,
      searchPath,
      pool: { min: 0, max: options.poolMax ?? 10 },
      acquireConnectionTimeout: 10000,
    };
  }
  const dir = options.pgliteDir === undefined ? ".data" : options.pgliteDir;
  let connection: Record<string, string> = {};
  if (dir !== null) {
    const folder = path.resolve(dir, "pglite");
    mkdirSync(folder, { recursive: true });
    connection = { filename: folder };
  }
  // Loaded here, not at the top: a PostgreSQL deployment's commands never load PGlite.
  const ClientPgLite = require("knex-pglite") as typeof ClientPgLiteClass;
  // PGlite is single-connection; knex-pglite fixes the pool itself and refuses a pool option.
  return { client: ClientPgLite as unknown as Knex.Config["client"], connection, searchPath };
}
