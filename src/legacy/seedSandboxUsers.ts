import type { Knex } from "knex";
import { BcryptHasher } from "./hashers/BcryptHasher";
import { Pbkdf2Sha256Hasher } from "./hashers/Pbkdf2Sha256Hasher";

export interface DemoUser {
  username: string;
  email: string;
  password: string;
  note: string;
}

/** Fixed, public demo credentials: they exist only in the sandbox's own `users` table. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: "alice", email: "alice@example.com", password: "Wonderland-2024", note: "bcrypt hash, staff" },
  { username: "bob", email: "Bob@Example.com", password: "Builder#Bob9", note: "Django pbkdf2_sha256 hash" },
  { username: "carol", email: "carol@example.com", password: "carol", note: "too weak for Auth0: weak_password" },
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
  const bcrypt = new BcryptHasher(10);
  // An older Django iteration count, as real legacy rows often have.
  const pbkdf2 = new Pbkdf2Sha256Hasher(260_000);
  const [alice, bob, carol] = DEMO_USERS as [DemoUser, DemoUser, DemoUser];
  await db(table).insert([
    { username: alice.username, email: alice.email, password: await bcrypt.encode(alice.password), is_staff: true },
    { username: bob.username, email: bob.email, password: await pbkdf2.encode(bob.password) },
    { username: carol.username, email: carol.email, password: await bcrypt.encode(carol.password) },
    // Cannot log in: inactive, and an unusable password.
    { username: "dave", email: "dave@example.com", password: await bcrypt.encode("Inactive-Dave1"), is_active: false },
    { username: "erin", email: "erin@example.com", password: "!unusable" },
  ]);
  return true;
}
