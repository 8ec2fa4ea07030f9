import type { Knex } from "knex";
import { BcryptHasher } from "./hashers/BcryptHasher";
import { Pbkdf2Sha256Hasher } from "./hashers/Pbkdf2Sha256Hasher";

export interface DemoUser {
  username: string;
  /** null: the legacy row has no address (a `no_email` user). */
  email: string | null;
  password: string;
  /** One line for the `serve` banner: what the user shows, and what to try. */
  note: string;
  /** Default bcrypt. */
  hash?: "bcrypt" | "pbkdf2_sha256";
  staff?: boolean;
}

/** An account the sandbox's emulator holds before anyone logs in, linked to no legacy user. */
export interface DemoAuth0Account {
  email: string;
  password: string;
}

/** The address both of the sandbox's sharing users hold. */
export const DEMO_SHARED_EMAIL = "family@example.com";

/**
 * ivan's address already has an Auth0 account that his legacy password does not open: his login
 * records a conflict, and a reset link sent to that address proves he owns it.
 */
export const DEMO_AUTH0_ACCOUNTS: readonly DemoAuth0Account[] = [{ email: "ivan@example.com", password: "Someone-Else-42" }];

/** Fixed, public demo credentials: they exist only in the sandbox's own `users` table. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: "alice", email: "alice@example.com", password: "Wonderland-2024", note: "bcrypt hash, staff: log in, then see /admin", staff: true },
  { username: "bob", email: "Bob@Example.com", password: "Builder#Bob9", note: "Django pbkdf2_sha256 hash", hash: "pbkdf2_sha256" },
  { username: "carol", email: "carol@example.com", password: "carol", note: "weak_password (Auth0 refuses it): log in, choose a new one at /account/password" },
  { username: "frank", email: null, password: "Frank-No-Mail-1", note: "no_email: log in, add an address at /account/email, open the emailed link" },
  { username: "gina", email: DEMO_SHARED_EMAIL, password: "Gina-Shares-1", note: `no_email (shares ${DEMO_SHARED_EMAIL} with hank): log in, add her own at /account/email` },
  { username: "hank", email: DEMO_SHARED_EMAIL, password: "Hank-Shares-2", note: `no_email (shares ${DEMO_SHARED_EMAIL} with gina): log in, add his own at /account/email` },
  { username: "ivan", email: "ivan@example.com", password: "Ivan-Legacy-7", note: "conflict (his address has another Auth0 account): log in, then /password-reset, open the emailed link" },
];

/**
 * Creates the default preset's `users` table and seeds the demo users when the table is
 * new. Returns true when it seeded. A table that already exists is left untouched.
 */
export async function seedSandboxUsers(db: Knex, table = "users"): Promise<boolean> {
  if (await db.schema.hasTable(table)) return false;
  await db.schema.createTable(table, (t) => {
    t.increments("id").primary();
    t.string("username", 150).notNullable().unique();
    t.string("email", 254);
    t.string("password", 255).notNullable();
    t.boolean("is_active").notNullable().defaultTo(true);
    t.boolean("is_staff").notNullable().defaultTo(false);
    t.timestamp("last_login", { useTz: true });
    t.timestamp("date_joined", { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`create index ${table}_email_lower_idx on ?? (lower(email))`, [table]);
  await db.raw(`create index ${table}_email_key_idx on ?? (lower(btrim(email)))`, [table]);
  const bcrypt = new BcryptHasher(10);
  // An older Django iteration count, as real legacy rows often have.
  const pbkdf2 = new Pbkdf2Sha256Hasher(260_000);
  const rows: Array<Record<string, unknown>> = [];
  for (const u of DEMO_USERS) {
    const password = await (u.hash === "pbkdf2_sha256" ? pbkdf2 : bcrypt).encode(u.password);
    rows.push({ username: u.username, email: u.email, password, is_staff: u.staff ?? false });
  }
  rows.push(
    // Cannot log in: inactive, and an unusable password.
    { username: "dave", email: "dave@example.com", password: await bcrypt.encode("Inactive-Dave1"), is_active: false },
    { username: "erin", email: "erin@example.com", password: "!unusable" },
  );
  await db(table).insert(rows);
  return true;
}
