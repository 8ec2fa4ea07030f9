import { createHash, randomBytes } from "node:crypto";
import type { Knex } from "knex";
import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { Pbkdf2Sha256Hasher } from "../../src/legacy/hashers/Pbkdf2Sha256Hasher";

export type IdType = "integer" | "uuid";

/** A legacy table shaped like the default preset's (or Django's auth_user) for tests. */
export async function createLegacyTable(db: Knex, table = "users", idType: IdType = "integer"): Promise<void> {
  await db.schema.createTable(table, (t) => {
    if (idType === "integer") t.increments("id").primary();
    else t.uuid("id").primary().defaultTo(db.raw("gen_random_uuid()"));
    t.string("username", 150).notNullable().unique();
    t.string("email", 254);
    t.string("password", 255).notNullable();
    t.boolean("is_active").notNullable().defaultTo(true);
    t.boolean("is_staff").notNullable().defaultTo(false);
    t.timestamp("last_login", { useTz: true });
  });
}

export interface LegacyUserSpec {
  username?: string;
  email?: string | null;
  password?: string;
  /** Stored as is, instead of hashing `password`. */
  passwordHash?: string;
  /** `md5`: Django's old salted MD5 (`md5$<salt>$<hex>`), a weak format the service only reads. */
  format?: "bcrypt" | "pbkdf2_sha256" | "md5";
  isActive?: boolean;
  isStaff?: boolean;
}

export interface CreatedLegacyUser {
  id: string;
  username: string;
  email: string | null;
  password: string;
}

// Cheap costs keep the suite fast; the formats are the real ones.
const bcrypt = new BcryptHasher(4);
const pbkdf2 = new Pbkdf2Sha256Hasher(1000);

async function encodeAs(format: NonNullable<LegacyUserSpec["format"]>, password: string): Promise<string> {
  if (format === "pbkdf2_sha256") return pbkdf2.encode(password);
  if (format === "md5") {
    const salt = randomBytes(6).toString("hex");
    return `md5$${salt}$${createHash("md5").update(salt + password, "utf8").digest("hex")}`;
  }
  return bcrypt.encode(password);
}

export interface NumberedUsersSpec {
  /** Usernames are `<username><n>`; emails `<emailLocal><n>@<emailDomain>`. */
  username: string;
  emailLocal: string;
  emailDomain?: string;
  /** The one stored hash all of them get. */
  hash: string;
  count: number;
  /** The first `n` (1 unless told): later batches continue the numbering. */
  from?: number;
}

/**
 * Inserts `count` numbered legacy users in one statement (generate_series): the thousands a bulk
 * import packs into files, where the factory's one insert a user would be slow.
 */
export async function insertNumberedUsers(db: Knex, spec: NumberedUsersSpec): Promise<void> {
  const from = spec.from ?? 1;
  await db.raw(
    "insert into users (username, email, password) select ?::text || g, ?::text || g || ?::text, ? from generate_series(?::int, ?::int) g",
    [spec.username, spec.emailLocal, `@${spec.emailDomain ?? "example.com"}`, spec.hash, from, from + spec.count - 1],
  );
}

/** Factory for legacy users: unique usernames, a policy-passing password unless told. */
export class LegacyUserFactory {
  private seq = 0;

  constructor(
    private readonly db: Knex,
    private readonly table = "users",
  ) {}

  async create(spec: LegacyUserSpec = {}): Promise<CreatedLegacyUser> {
    this.seq += 1;
    const username = spec.username ?? `user${this.seq}_${Math.random().toString(36).slice(2, 8)}`;
    const email = spec.email === undefined ? `${username}@example.com` : spec.email;
    const password = spec.password ?? `Correct-Horse-${this.seq}`;
    const hash = spec.passwordHash ?? (await encodeAs(spec.format ?? "bcrypt", password));
    const [row] = await this.db(this.table)
      .insert({
        username,
        email,
        password: hash,
        is_active: spec.isActive ?? true,
        is_staff: spec.isStaff ?? false,
      })
      .returning(this.db.raw("id::text as id"));
    return { id: String((row as { id: unknown }).id), username, email, password };
  }
}
