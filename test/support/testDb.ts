import { randomBytes } from "node:crypto";
import knex, { type Knex } from "knex";
import { createDb } from "../../src/db/createDb";

export interface TestDb {
  db: Knex;
  kind: "postgresql" | "pglite";
  /** Connection string for child processes (PostgreSQL only), with the schema on the search path. */
  url: string | undefined;
  schema: string | undefined;
  cleanup(): Promise<void>;
}

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** The machine's own PostgreSQL (README, Tests), when TEST_DATABASE_URL names none. */
export const LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test";

export interface TestDbOptions {
  /**
   * PostgreSQL even without TEST_DATABASE_URL (then the local one): for tests of two processes on
   * one database, which PGlite (one process's database) cannot be. No PostgreSQL fails the test.
   */
  postgres?: boolean;
}

/**
 * A fresh, isolated database for one test file: a new schema in the PostgreSQL named by
 * TEST_DATABASE_URL (or DATABASE_URL), else an in-memory PGlite.
 */
export async function createTestDb(opts: TestDbOptions = {}): Promise<TestDb> {
  const url = testDatabaseUrl() ?? (opts.postgres ? LOCAL_POSTGRES_URL : undefined);
  if (!url) {
    const db = createDb({ pgliteDir: null });
    return { db, kind: "pglite", url: undefined, schema: undefined, cleanup: () => db.destroy() };
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = knex({ client: "pg", connection: url, pool: { min: 0, max: 1 } });
  await admin.raw("create schema ??", [schema]);
  await admin.destroy();
  const db = createDb({ url, searchPath: schema });
  const schemaUrl = new URL(url);
  schemaUrl.searchParams.set("options", `-c search_path=${schema}`);
  return {
    db,
    kind: "postgresql",
    url: schemaUrl.toString(),
    schema,
    cleanup: async () => {
      await db.destroy();
      const dropper = knex({ client: "pg", connection: url, pool: { min: 0, max: 1 } });
      await dropper.raw("drop schema if exists ?? cascade", [schema]);
      await dropper.destroy();
    },
  };
}
