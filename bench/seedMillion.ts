import knex, { type Knex } from "knex";
import { migrateLatest } from "../src/db/migrateLatest";
import { benchDatabaseUrl } from "./benchDb";

export interface SeedShape {
  users: number;
  /** Share of legacy users linked to Auth0 (0..1). */
  migratedFraction: number;
}

/**
 * A legacy `users` table (default preset) of `users` rows and the service's tables as a
 * migration leaves them, all made by generate_series in SQL (a million users in seconds):
 * - 2 % of users deactivated;
 * - `migratedFraction` linked, methods mixed, migrated over the last 60 days;
 * - of the unlinked, 1 in 50 pending, 1 in 100 each conflict, weak_password, no_email;
 * - one campaign that emailed 1 in 5 users (some since migrated), and 1 in 200 failed sends;
 * - 1 in 1000 links whose legacy row was deleted since.
 * Ids are 1..n, so legacy id g is the text 'g' in the service's tables.
 */
export async function seedMillion(db: Knex, shape: SeedShape): Promise<void> {
  const n = shape.users;
  // Users with g % 1000 < 1000 * fraction are linked: an even spread over the id range.
  const linkedBelow = Math.round(shape.migratedFraction * 1000);
  await migrateLatest(db);
  await db.raw(`create table users (
    id serial primary key,
    username varchar(150) not null,
    email varchar(254),
    password varchar(255) not null,
    is_active boolean not null default true,
    is_staff boolean not null default false,
    last_login timestamptz
  )`);
  await db.raw(
    `insert into users (username, email, password, is_active)
     select 'user' || g, 'user' || g || '@example.com', '!seeded', g % 50 <> 7
     from generate_series(1, ?) g`,
    [n + Math.ceil(n / 1000)],
  );
  await db.raw("alter table users add constraint users_username_key unique (username)");
  await db.raw(
    `insert into auth0_links (legacy_user_id, auth0_user_id, auth0_login, method, migrated_at)
     select g::text, 'auth0|' || g, 'user' || g || '@example.com',
            (array['login','login','login','login','login','login','linked_existing','password_reset','password_reset','reconcile'])[1 + g % 10],
            now() - ((g % 60) * interval '1 day') - ((g % 1440) * interval '1 minute')
     from generate_series(1, ?) g where g % 1000 < ?`,
    [n + Math.ceil(n / 1000), linkedBelow],
  );
  await db.raw(
    `insert into auth0_migration_state (legacy_user_id, state, attempts, last_attempt_at, updated_at)
     select g::text,
            case when g % 1000 < ? then 'migrated'
                 when g % 100 in (1, 51) then 'pending'
                 when g % 100 = 3 then 'conflict'
                 when g % 100 = 5 then 'weak_password'
                 else 'no_email' end,
            1, now(), now()
     from generate_series(1, ?) g
     where g % 1000 < ? or g % 100 in (1, 51, 3, 5, 9)`,
    [linkedBelow, n + Math.ceil(n / 1000), linkedBelow],
  );
  const [campaign] = await db("auth0_reset_campaigns").insert({ name: "seeded" }).returning("id");
  await db.raw(
    `insert into auth0_reset_emails (campaign_id, legacy_user_id, email, status, attempts, sent_at)
     select ?, g::text, 'user' || g || '@example.com', case when g % 200 = 4 then 'failed' else 'sent' end, 1, now() - interval '3 days'
     from generate_series(1, ?) g where g % 5 = 4`,
    [(campaign as { id: number }).id, n + Math.ceil(n / 1000)],
  );
  // The extra rows past n stand for users deleted after they migrated.
  await db.raw("delete from users where id > ?", [n]);
  await db.raw("vacuum analyze users");
  for (const table of ["auth0_links", "auth0_migration_state", "auth0_reset_emails"]) await db.raw(`vacuum analyze ${table}`);
}

/**
 * Standalone, to explore by hand: `node -r ts-node/register/transpile-only bench/seedMillion.ts
 * [schema] [users]` (re)creates the schema in BENCH_DATABASE_URL / TEST_DATABASE_URL and seeds it.
 */
async function seedFromCommandLine(): Promise<void> {
  const url = benchDatabaseUrl();
  if (!url) throw new Error("set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL database");
  const schema = process.argv[2] ?? "bench_million";
  const users = Number(process.argv[3] ?? 1_000_000);
  const admin = knex({ client: "pg", connection: url, pool: { min: 0, max: 1 } });
  await admin.raw("drop schema if exists ?? cascade", [schema]);
  await admin.raw("create schema ??", [schema]);
  await admin.destroy();
  const db = knex({ client: "pg", connection: url, searchPath: [schema], pool: { min: 0, max: 1 } });
  const started = performance.now();
  try {
    await seedMillion(db, { users, migratedFraction: 0.4 });
  } finally {
    await db.destroy();
  }
  process.stdout.write(`seeded ${users} users into schema ${schema} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) {
  seedFromCommandLine().catch((err: unknown) => {
    process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
