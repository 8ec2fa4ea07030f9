import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ImportedHash } from "../importedHash";
import { verifyImportedHash } from "../verifyImportedHash";
import type { PasswordPolicy } from "./passwordPolicy";

export interface EmulatorConnection {
  name: string;
  requiresUsername: boolean;
  passwordPolicy: PasswordPolicy;
}

export interface EmulatorUser {
  user_id: string;
  connection: string;
  email: string;
  email_verified: boolean;
  username?: string;
  blocked: boolean;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  /** Set by successful password grants. */
  last_login?: string;
  last_ip?: string;
  logins_count?: number;
  /** Set when the password is changed or reset (Auth0: absent at creation and import). */
  last_password_reset?: string;
}

export interface NewUser {
  connection: string;
  email: string;
  password: string;
  username?: string;
  email_verified?: boolean;
  blocked?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

export interface UserPatch {
  email?: string;
  email_verified?: boolean;
  username?: string;
  blocked?: boolean;
  password?: string;
  /** Merged one level deep; a null value deletes the key (as Auth0 does). */
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

/**
 * What a users-import with `upsert=true` changes on an existing user: the fields the file gave among
 * those Auth0 documents as upsertable that the emulator keeps (its schema page's "Upsert During
 * Import?" column; given_name, family_name, name, nickname, picture are upsertable too but not kept).
 */
export interface ImportUpsert {
  email_verified?: boolean;
  /** Replaced, not merged (the notes: upsert overwrites metadata). */
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

/** A user from a users-import job: its id and hash as the file gave them. */
export interface ImportedUser {
  connection: string;
  /** The full Auth0 id (`auth0|<user_id from the file>`). */
  user_id: string;
  email: string;
  email_verified?: boolean;
  username?: string;
  blocked?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  /** Absent: Auth0 gives the user a random password. */
  imported?: ImportedHash;
}

export type StoreErrorCode = "inexistent_connection" | "user_exists" | "inexistent_user";

export class EmulatorStoreError extends Error {
  override name = "EmulatorStoreError";
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SavedUser {
  user: EmulatorUser;
  salt: string;
  hash: string;
  imported?: ImportedHash;
}

interface StoredUser {
  user: EmulatorUser;
  salt: Buffer;
  passwordHash: Buffer;
  /** The imported hash, until the first login re-hashes the password (as Auth0 does). */
  imported?: ImportedHash;
}

const TOKEN_LIFETIME_SECONDS = 86_400;
const MAX_TOKENS = 10_000;

function hashPassword(salt: Buffer, password: string): Buffer {
  return createHmac("sha256", salt).update(password, "utf8").digest();
}

function mergeMetadata(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = structuredClone(value);
  }
  return next;
}

/** In-memory state of the emulated tenant: connections, users (with password hashes) and issued tokens. */
export class EmulatorStore {
  private readonly connections = new Map<string, EmulatorConnection>();
  private readonly users = new Map<string, StoredUser>();
  /** `${connection}\0${email}` -> user_id */
  private readonly emailIndex = new Map<string, string>();
  /** `${connection}\0${lower-cased username}` -> user_id */
  private readonly usernameIndex = new Map<string, string>();
  /** email -> user_ids (all connections), for users-by-email */
  private readonly emailLookup = new Map<string, Set<string>>();
  /** access token -> expiry (epoch ms) */
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Called after users change (the sandbox saves its state then). */
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** Users with their password hashes, for saving the sandbox tenant across restarts. */
  snapshotUsers(): SavedUser[] {
    return [...this.users.values()].map((s) => ({
      user: structuredClone(s.user),
      salt: s.salt.toString("hex"),
      hash: s.passwordHash.toString("hex"),
      ...(s.imported ? { imported: structuredClone(s.imported) } : {}),
    }));
  }

  /** Replaces the users with a snapshot (users of unknown connections are kept out). */
  restoreUsers(saved: SavedUser[]): void {
    this.clearUsersQuietly();
    for (const s of saved) {
      if (!this.connections.has(s.user.connection)) continue;
      this.users.set(s.user.user_id, {
        user: structuredClone(s.user),
        salt: Buffer.from(s.salt, "hex"),
        passwordHash: Buffer.from(s.hash, "hex"),
        ...(s.imported ? { imported: structuredClone(s.imported) } : {}),
      });
      this.index(s.user);
    }
  }

  // ---- connections ----

  configureConnection(name: string, opts: { requiresUsername?: boolean; passwordPolicy?: PasswordPolicy }): EmulatorConnection {
    if (typeof name !== "string" || name.trim() === "" || name.length > 128) throw new Error(`connection name: invalid: ${JSON.stringify(name)}`);
    const existing = this.connections.get(name);
    const next: EmulatorConnection = {
      name,
      requiresUsername: opts.requiresUsername ?? existing?.requiresUsername ?? false,
      passwordPolicy: opts.passwordPolicy ?? existing?.passwordPolicy ?? "good",
    };
    this.connections.set(name, next);
    return { ...next };
  }

  getConnection(name: string): EmulatorConnection | undefined {
    const c = this.connections.get(name);
    return c ? { ...c } : undefined;
  }

  /** The first configured connection (what a plain `password` grant uses). */
  defaultConnection(): EmulatorConnection | undefined {
    const first = this.connections.values().next();
    return first.done ? undefined : { ...first.value };
  }

  listConnections(): EmulatorConnection[] {
    return [...this.connections.values()].map((c) => ({ ...c }));
  }

  // ---- users ----

  /** Inserts a user. Checks the connection and uniqueness only; callers check policy and username rules. */
  insertUser(input: NewUser): EmulatorUser {
    this.assertInsertable(input, undefined);
    const user = this.newUser(`auth0|${randomBytes(12).toString("hex")}`, input);
    const salt = randomBytes(16);
    return this.insert({ user, salt, passwordHash: hashPassword(salt, input.password) });
  }

  /** Inserts a user from an import job. Checks the connection and uniqueness (email, user_id, username). */
  insertImportedUser(input: ImportedUser): EmulatorUser {
    this.assertInsertable(input, input.user_id);
    const user = this.newUser(input.user_id, input);
    const salt = randomBytes(16);
    // Without a hash, Auth0 sets a random password nobody knows.
    return this.insert({
      user,
      salt,
      passwordHash: hashPassword(salt, randomBytes(32).toString("hex")),
      ...(input.imported ? { imported: structuredClone(input.imported) } : {}),
    });
  }

  private assertInsertable(input: NewUser | ImportedUser, userId: string | undefined): void {
    if (!this.connections.has(input.connection)) throw new EmulatorStoreError("inexistent_connection", "The connection does not exist.");
    if (userId !== undefined && this.users.has(userId)) throw new EmulatorStoreError("user_exists", "The user already exists.");
    this.assertUnique(input.connection, input.email.toLowerCase(), input.username, undefined);
  }

  private newUser(userId: string, input: NewUser | ImportedUser): EmulatorUser {
    const at = new Date(this.now()).toISOString();
    return {
      user_id: userId,
      connection: input.connection,
      email: input.email.toLowerCase(),
      email_verified: input.email_verified ?? false,
      ...(input.username !== undefined ? { username: input.username } : {}),
      blocked: input.blocked ?? false,
      app_metadata: structuredClone(input.app_metadata ?? {}),
      user_metadata: structuredClone(input.user_metadata ?? {}),
      created_at: at,
      updated_at: at,
    };
  }

  private insert(stored: StoredUser): EmulatorUser {
    this.users.set(stored.user.user_id, stored);
    this.index(stored.user);
    this.onChange();
    return structuredClone(stored.user);
  }

  /** Applies an import's upsert to an existing user: the given fields replace the stored ones. */
  upsertImportedUser(userId: string, fields: ImportUpsert): EmulatorUser {
    const stored = this.users.get(userId);
    if (!stored) throw new EmulatorStoreError("inexistent_user", "The user does not exist.");
    stored.user = {
      ...stored.user,
      ...(fields.email_verified !== undefined ? { email_verified: fields.email_verified } : {}),
      ...(fields.app_metadata ? { app_metadata: structuredClone(fields.app_metadata) } : {}),
      ...(fields.user_metadata ? { user_metadata: structuredClone(fields.user_metadata) } : {}),
      updated_at: new Date(this.now()).toISOString(),
    };
    this.onChange();
    return structuredClone(stored.user);
  }

  /** The imported hash a user still logs in with (none once a login or a password change re-hashed it). */
  importedHashOf(userId: string): ImportedHash | undefined {
    const imported = this.users.get(userId)?.imported;
    return imported ? structuredClone(imported) : undefined;
  }

  /** Replaces a user's imported hash (tests: a conversion Auth0 accepted but that does not verify). */
  setImportedHash(userId: string, imported: ImportedHash): void {
    const stored = this.users.get(userId);
    if (!stored) throw new EmulatorStoreError("inexistent_user", "The user does not exist.");
    stored.imported = structuredClone(imported);
    this.onChange();
  }

  getUser(userId: string): EmulatorUser | undefined {
    const stored = this.users.get(userId);
    return stored ? structuredClone(stored.user) : undefined;
  }

  listUsers(connection?: string): EmulatorUser[] {
    const out: EmulatorUser[] = [];
    for (const { user } of this.users.values()) {
      if (connection === undefined || user.connection === connection) out.push(structuredClone(user));
    }
    return out;
  }

  countUsers(): number {
    return this.users.size;
  }

  /** Users whose stored (lower-cased) email equals `email` exactly, across connections. */
  usersByEmail(email: string): EmulatorUser[] {
    const ids = this.emailLookup.get(email);
    if (!ids) return [];
    return [...ids].map((id) => this.users.get(id)).filter((s): s is StoredUser => !!s).map((s) => structuredClone(s.user));
  }

  /** The user of `connection` whose email or username matches `identifier` (case-insensitively). */
  findByLogin(connection: string, identifier: string): EmulatorUser | undefined {
    const key = `${connection}\u0000${identifier.toLowerCase()}`;
    const id = this.emailIndex.get(key) ?? this.usernameIndex.get(key);
    return id ? this.getUser(id) : undefined;
  }

  updateUser(userId: string, patch: UserPatch): EmulatorUser {
    const stored = this.users.get(userId);
    if (!stored) throw new EmulatorStoreError("inexistent_user", "The user does not exist.");
    const current = stored.user;
    const email = patch.email !== undefined ? patch.email.toLowerCase() : current.email;
    const username = patch.username !== undefined ? patch.username : current.username;
    this.assertUnique(current.connection, email, username, userId);
    this.unindex(current);
    const next: EmulatorUser = {
      ...current,
      email,
      ...(username !== undefined ? { username } : {}),
      email_verified: patch.email_verified ?? (patch.email !== undefined && email !== current.email ? false : current.email_verified),
      blocked: patch.blocked ?? current.blocked,
      app_metadata: patch.app_metadata ? mergeMetadata(current.app_metadata, patch.app_metadata) : current.app_metadata,
      user_metadata: patch.user_metadata ? mergeMetadata(current.user_metadata, patch.user_metadata) : current.user_metadata,
      updated_at: new Date(this.now()).toISOString(),
    };
    if (patch.password !== undefined) next.last_password_reset = next.updated_at;
    stored.user = next;
    if (patch.password !== undefined) {
      stored.salt = randomBytes(16);
      stored.passwordHash = hashPassword(stored.salt, patch.password);
      delete stored.imported;
    }
    this.index(next);
    this.onChange();
    return structuredClone(next);
  }

  deleteUser(userId: string): boolean {
    const stored = this.users.get(userId);
    if (!stored) return false;
    this.unindex(stored.user);
    this.users.delete(userId);
    this.onChange();
    return true;
  }

  /** The emulator's own hash only (an imported user's imported hash needs verifyPassword). */
  checkPassword(userId: string, password: string): boolean {
    const stored = this.users.get(userId);
    if (!stored || stored.imported) return false;
    return timingSafeEqual(hashPassword(stored.salt, password), stored.passwordHash);
  }

  /**
   * The password grant's check. An imported user is verified against the imported hash the way
   * Auth0 does; after the first success the password is re-hashed in the tenant's own format.
   */
  async verifyPassword(userId: string, password: string): Promise<boolean> {
    const stored = this.users.get(userId);
    if (!stored) return false;
    const imported = stored.imported;
    if (!imported) return this.checkPassword(userId, password);
    if (!(await verifyImportedHash(password, imported))) return false;
    // The user may have changed meanwhile (a PATCH password): only re-hash the hash just verified.
    if (stored.imported === imported) {
      stored.salt = randomBytes(16);
      stored.passwordHash = hashPassword(stored.salt, password);
      delete stored.imported;
      this.onChange();
    }
    return true;
  }

  recordLogin(userId: string, ip: string | undefined): void {
    const stored = this.users.get(userId);
    if (!stored) return;
    stored.user.last_login = new Date(this.now()).toISOString();
    stored.user.logins_count = (stored.user.logins_count ?? 0) + 1;
    if (ip !== undefined) stored.user.last_ip = ip;
  }

  clearUsers(): void {
    this.clearUsersQuietly();
    this.onChange();
  }

  private clearUsersQuietly(): void {
    this.users.clear();
    this.emailIndex.clear();
    this.usernameIndex.clear();
    this.emailLookup.clear();
  }

  // ---- Management API tokens ----

  issueToken(): { accessToken: string; expiresIn: number } {
    const accessToken = randomBytes(32).toString("base64url");
    this.tokens.set(accessToken, this.now() + TOKEN_LIFETIME_SECONDS * 1000);
    if (this.tokens.size > MAX_TOKENS) this.pruneTokens();
    return { accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  isValidToken(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  private pruneTokens(): void {
    const now = this.now();
    for (const [token, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
    for (const token of this.tokens.keys()) {
      if (this.tokens.size <= MAX_TOKENS) break;
      this.tokens.delete(token);
    }
  }

  // ---- indexes ----

  private assertUnique(connection: string, email: string, username: string | undefined, self: string | undefined): void {
    const byEmail = this.emailIndex.get(`${connection}\u0000${email}`);
    const byUsername = username !== undefined ? this.usernameIndex.get(`${connection}\u0000${username.toLowerCase()}`) : undefined;
    if ((byEmail !== undefined && byEmail !== self) || (byUsername !== undefined && byUsername !== self)) {
      throw new EmulatorStoreError("user_exists", "The user already exists.");
    }
  }

  private index(user: EmulatorUser): void {
    this.emailIndex.set(`${user.connection}\u0000${user.email}`, user.user_id);
    if (user.username !== undefined) this.usernameIndex.set(`${user.connection}\u0000${user.username.toLowerCase()}`, user.user_id);
    let ids = this.emailLookup.get(user.email);
    if (!ids) this.emailLookup.set(user.email, (ids = new Set()));
    ids.add(user.user_id);
  }

  private unindex(user: EmulatorUser): void {
    this.emailIndex.delete(`${user.connection}\u0000${user.email}`);
    if (user.username !== undefined) this.usernameIndex.delete(`${user.connection}\u0000${user.username.toLowerCase()}`);
    const ids = this.emailLookup.get(user.email);
    ids?.delete(user.user_id);
    if (ids && ids.size === 0) this.emailLookup.delete(user.email);
  }
}
