import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import knex, { type Knex } from "knex";
import { createDb } from "../src/db/createDb";
import { migrateLatest } from "../src/db/migrateLatest";

/** A scratch database for one scenario: a fresh schema in PostgreSQL, or a fresh PGlite folder. */
export interface BenchDb {
  kind: "postgresql" | "pglite";
  /** Env for child processes (DATABASE_URL with the schema, or DATA_DIR). */
  env: Record<string, string>;
  /** Opens the database in this process (PGlite: only while no child holds it). */
  open(): Knex;
  drop(): Promise<void>;
}

export function benchDatabaseUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export async function createBenchDb(name: string): Promise<BenchDb> {
  const url = benchDatabaseUrl();
  if (!url) {
    const dir = mkdtempSync(path.join(tmpdir(), `a0m-bench-${name}-`));
    return { kind: "pglite", env: { DATA_DIR: dir }, open: () => createDb({ pgliteDir: dir }), drop: async () => undefined };
  }
  const schema = `bench_${name}_${process.pid}`;
  const admin = knex({ client: "pg", connection: url, pool: { min: 0, max: 1 } });
  await admin.raw("drop schema if exists ?? cascade", [schema]);
  await admin.raw("create schema ??", [schema]);
  await admin.destroy();
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return {
    kind: "postgresql",
    env: { DATABASE_URL: u.toString() },
    open: () => createDb({ url, searchPath: schema }),
    drop: async () => {
      const a = knex({ client: "pg", connection: url, pool: { min: 0, max: 1 } });
      await a.raw("drop schema if exists ?? cascade", [schema]);
      await a.destroy();
    },
  };
}

/**
 * The default preset's `users` table with `n` rows made by SQL (fast): user<i>, user<i>@example.com,
 * one shared password hash (a verify costs the same for every user), or several taken in turn
 * (user i gets hashes[i % hashes.length]).
 */
export async function seedUsers(db: Knex, n: number, passwordHash: string | string[]): Promise<void> {
  const hashes = Array.isArray(passwordHash) ? passwordHash : [passwordHash];
  await migrateLatest(db);
  await db.schema.createTable("users", (t) => {
    t.increments("id").primary();
    t.string("username", 150).notNullable().unique();
    t.string("email", 254);
    t.string("password", 255).notNullable();
    t.boolean("is_active").notNullable().defaultTo(true);
    t.boolean("is_staff").notNullable().defaultTo(false);
    t.timestamp("last_login", { useTz: true });
  });
  await db.raw(
    `insert into users (username, email, password)
     select 'user' || g, 'user' || g || '@example.com', (?::text[])[1 + g % ?] from generate_series(1, ?) g`,
    [hashes, hashes.length, n],
  );
  await db.raw("create index users_email_lower_idx on users (lower(email))");
  await db.raw("create index users_email_key_idx on users (lower(btrim(email)))");
}
