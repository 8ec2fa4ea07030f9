import { createHash } from "node:crypto";
import { ManagementClient } from "auth0";
import { AuthenticationClient } from "auth0/legacy";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { convertLegacyHash } from "../../src/bulkImport/converters/convertLegacyHash";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { HASH_VECTORS } from "../support/hashVectors";
import { managementFailure as failure, passwordGrantSucceeds } from "../support/auth0Sdk";

/** The emulator's users-import jobs, driven through the real auth0 v7 SDK. */

const CLIENT = { clientId: "jobs-test-client", clientSecret: "jobs-test-secret" };
const CONNECTION = "Username-Password-Authentication";
const registry = createHasherRegistry("bcrypt");
/** bcrypt cost 10 of "abcdefghijklmnopqrstuvwxyz". */
const BCRYPT_10 = "$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq";

let now = Date.parse("2026-12-02T10:00:00Z");
let emulator: Auth0Emulator;
let mgmt: ManagementClient;
let auth: AuthenticationClient;
let connectionId: string;

function client(): ManagementClient {
  return new ManagementClient({ domain: emulator.domain, ...CLIENT, fetch: loopbackFetch, maxRetries: 0 });
}

beforeAll(async () => {
  emulator = new Auth0Emulator({ ...CLIENT, connections: [{ name: CONNECTION }], clock: () => now });
  await emulator.start();
  mgmt = client();
  auth = new AuthenticationClient({ domain: emulator.domain, ...CLIENT, fetch: loopbackFetch });
  const page = await mgmt.connections.list({ name: CONNECTION, take: 50 });
  connectionId = page.data[0]?.id as string; // page.data: the items of this page
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => emulator.reset());

function upload(users: unknown[] | Buffer, opts: { connection_id?: string; external_id?: string; upsert?: boolean } = {}) {
  const body = Buffer.isBuffer(users) ? users : Buffer.from(JSON.stringify(users));
  return mgmt.jobs.usersImports.create({
    users: { data: body, filename: "users.json", contentType: "application/json" },
    connection_id: opts.connection_id ?? connectionId,
    upsert: opts.upsert ?? false,
    send_completion_email: false,
    ...(opts.external_id ? { external_id: opts.external_id } : {}),
  });
}

function login(email: string, password: string): Promise<boolean> {
  return passwordGrantSucceeds(auth, CONNECTION, email, password);
}

describe("connections", () => {
  it("finds the connection's con_ id by name", async () => {
    expect(connectionId).toMatch(/^con_/);
    const none = await mgmt.connections.list({ name: "No-Such-Connection", take: 50 });
    expect(none.data).toEqual([]);
  });
});

describe("users-imports", () => {
  it("imports a user per importable format; each logs in with the old password, not a wrong one, and is re-hashed after", async () => {
    const vectors = HASH_VECTORS.filter((v) => convertLegacyHash(registry, v.encoded).conversion.importable);
    expect(new Set(vectors.map((v) => v.format)).size).toBeGreaterThanOrEqual(10);
    const users = vectors.map((v, i) => {
      const c = convertLegacyHash(registry, v.encoded).conversion;
      if (!c.importable) throw new Error("filtered above");
      return { email: `Imported${i}@Example.com`, email_verified: true, user_id: `legacy-${i}`, app_metadata: { legacy_id: String(i) }, ...c.fields };
    });
    const created = await upload(users, { external_id: "run-1-file-1" });
    expect(created).toMatchObject({ status: "pending", type: "users_import", connection_id: connectionId, external_id: "run-1-file-1" });
    const job = await mgmt.jobs.get(created.id as string);
    expect(job).toMatchObject({ status: "completed", external_id: "run-1-file-1", summary: { inserted: users.length, failed: 0, updated: 0, total: users.length } });
    expect(await mgmt.jobs.errors.get(created.id as string)).toBeFalsy(); // 204
    for (const [i, v] of vectors.entries()) {
      const user = emulator.getUser(`auth0|legacy-${i}`);
      expect(user).toMatchObject({ email: `imported${i}@example.com`, email_verified: true, app_metadata: { legacy_id: String(i) } });
      expect(await login(`imported${i}@example.com`, v.wrong ?? `${v.password}z`)).toBe(false);
      expect(emulator.importedHashOf(`auth0|legacy-${i}`)).toBeDefined();
      expect(await login(`imported${i}@example.com`, v.password)).toBe(true);
      // Auth0 re-hashes after the first login: the imported hash is gone, the password stays.
      expect(emulator.importedHashOf(`auth0|legacy-${i}`)).toBeUndefined();
      expect(await login(`imported${i}@example.com`, v.password)).toBe(true);
    }
  });

  it("records per-user errors and goes on with the others", async () => {
    emulator.createUser({ email: "taken@example.com", password: "Str0ng-Passw0rd!" });
    const ok = { email: "fine@example.com", user_id: "legacy-1", password_hash: "$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq" };
    const created = await upload([
      ok,
      { email: "unknown-field@example.com", favourite_colour: "blue" },
      { email: "bad-meta@example.com", app_metadata: { user_id: "x" } },
      { email: "cost12@example.com", password_hash: "$2a$12$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq" },
      { ...ok, user_id: "legacy-2" },
      { email: "TAKEN@example.com" },
    ]);
    const job = await mgmt.jobs.get(created.id as string);
    expect(job.summary).toEqual({ inserted: 1, failed: 5, updated: 0, total: 6 });
    const errors = (await mgmt.jobs.errors.get(created.id as string)) as unknown as Array<{ user: Record<string, unknown>; errors: Array<{ code: string }> }>;
    expect(errors.map((e) => [e.user.email, e.errors[0]?.code])).toEqual([
      ["unknown-field@example.com", "OBJECT_ADDITIONAL_PROPERTIES"],
      ["bad-meta@example.com", "INVALID_FORMAT"],
      ["cost12@example.com", "PATTERN"],
      ["fine@example.com", "DUPLICATED_USER"],
      ["TAKEN@example.com", "CONFLICT_EMAIL"],
    ]);
    // Hashes are never echoed.
    expect(errors[2]?.user.password_hash).toBe("*****");
    expect(await login("fine@example.com", "abcdefghijklmnopqrstuvwxyz")).toBe(true);
  });

  it("upsert=false refuses an existing user (by user_id too) and leaves it as it was", async () => {
    await upload([{ email: "first@example.com", user_id: "legacy-1", app_metadata: { plan: "gold" } }]);
    const created = await upload([{ email: "second@example.com", user_id: "legacy-1", app_metadata: { plan: "none" } }]);
    expect((await mgmt.jobs.get(created.id as string)).summary).toEqual({ inserted: 0, failed: 1, updated: 0, total: 1 });
    const errors = (await mgmt.jobs.errors.get(created.id as string)) as unknown as Array<{ errors: Array<{ code: string }> }>;
    expect(errors[0]?.errors[0]?.code).toBe("CONFLICT");
    expect(emulator.getUser("auth0|legacy-1")).toMatchObject({ email: "first@example.com", app_metadata: { plan: "gold" } });
  });

  it("upsert=true updates an existing user's upsertable fields only, counted as updated; hashes and ambiguous matches are per-user errors", async () => {
    emulator.createUser({ email: "other@example.com", password: "Str0ng-Passw0rd!" });
    const first = await upload([
      { email: "keep@example.com", user_id: "legacy-1", password_hash: BCRYPT_10, app_metadata: { legacy_id: "1", plan: "old" }, user_metadata: { theme: "dark" } },
      { email: "hashed@example.com", user_id: "legacy-3", password_hash: BCRYPT_10 },
    ]);
    expect((await mgmt.jobs.get(first.id as string)).summary).toMatchObject({ inserted: 2 });
    const hashBefore = emulator.importedHashOf("auth0|legacy-3");
    expect(hashBefore).toEqual({ password_hash: BCRYPT_10 });
    const created = await upload(
      [
        { email: "KEEP@example.com", user_id: "legacy-1", email_verified: true, blocked: true, app_metadata: { legacy_id: "1" } },
        { email: "new@example.com", user_id: "legacy-2" },
        { email: "hashed@example.com", password_hash: `${BCRYPT_10.slice(0, -1)}A` },
        { email: "other@example.com", user_id: "legacy-3" },
      ],
      { upsert: true },
    );
    const job = await mgmt.jobs.get(created.id as string);
    expect(job.summary).toEqual({ inserted: 1, updated: 1, failed: 2, total: 4 });
    // app_metadata is replaced (not merged); user_metadata, absent from the file, stays; blocked is not upsertable.
    expect(emulator.getUser("auth0|legacy-1")).toMatchObject({ email: "keep@example.com", email_verified: true, blocked: false, app_metadata: { legacy_id: "1" }, user_metadata: { theme: "dark" } });
    expect(emulator.getUser("auth0|legacy-1")?.app_metadata).not.toHaveProperty("plan");
    expect(emulator.getUser("auth0|legacy-2")?.email).toBe("new@example.com");
    const errors = (await mgmt.jobs.errors.get(created.id as string)) as unknown as Array<{ user: Record<string, unknown>; errors: Array<{ code: string; path: string }> }>;
    expect(errors.map((e) => [e.user.email, e.errors[0]?.code, e.errors[0]?.path])).toEqual([
      ["hashed@example.com", "CONFLICT", "password_hash"],
      ["other@example.com", "CONFLICT", ""],
    ]);
    expect(emulator.importedHashOf("auth0|legacy-3")).toEqual(hashBefore);
    expect(emulator.listUsers().filter((u) => u.email === "other@example.com")).toHaveLength(1);
    expect(await login("keep@example.com", "abcdefghijklmnopqrstuvwxyz")).toBe(true);
  });

  it("refuses an scrypt keylen outside 16..128 bytes, or not an integer, as a per-user schema error", async () => {
    const vector = HASH_VECTORS.find((v) => v.format === "scrypt");
    const conversion = convertLegacyHash(registry, vector?.encoded ?? "").conversion;
    if (!vector || !conversion.importable || !("custom_password_hash" in conversion.fields)) throw new Error("the scrypt vector converts to custom_password_hash");
    const custom = conversion.fields.custom_password_hash;
    expect(custom.keylen).toBe(64);
    const withKeylen = (email: string, keylen: unknown) => ({ email, custom_password_hash: { ...custom, keylen } });
    const created = await upload([
      withKeylen("short@example.com", 15),
      withKeylen("long@example.com", 129),
      withKeylen("fraction@example.com", 32.5),
      withKeylen("text@example.com", "64"),
      { email: "missing@example.com", custom_password_hash: { ...custom, keylen: undefined } },
      withKeylen("fine@example.com", 64),
      withKeylen("lowest@example.com", 16),
      withKeylen("highest@example.com", 128),
    ]);
    expect((await mgmt.jobs.get(created.id as string)).summary).toEqual({ inserted: 3, failed: 5, updated: 0, total: 8 });
    const errors = (await mgmt.jobs.errors.get(created.id as string)) as unknown as Array<{ user: Record<string, unknown>; errors: Array<{ code: string; path: string }> }>;
    expect(errors.map((e) => [e.user.email, e.errors[0]?.code, e.errors[0]?.path])).toEqual([
      ["short@example.com", "MINIMUM", "custom_password_hash.keylen"],
      ["long@example.com", "MAXIMUM", "custom_password_hash.keylen"],
      ["fraction@example.com", "INVALID_TYPE", "custom_password_hash.keylen"],
      ["text@example.com", "INVALID_TYPE", "custom_password_hash.keylen"],
      ["missing@example.com", "OBJECT_MISSING_REQUIRED_PROPERTY", "custom_password_hash"],
    ]);
    expect(emulator.listUsers().map((u) => u.email).sort()).toEqual(["fine@example.com", "highest@example.com", "lowest@example.com"]);
    expect(await login("fine@example.com", vector.password)).toBe(true);
  });

  it("refuses a file over 500 KB (413), a wrong connection_id (400), and a third running job (429)", async () => {
    const big = Buffer.from(JSON.stringify([{ email: "a@example.com", user_metadata: { pad: "x".repeat(520 * 1024) } }]));
    expect((await failure(() => upload(big))).statusCode).toBe(413);
    expect((await failure(() => upload([{ email: "a@example.com" }], { connection_id: "con_nope" }))).statusCode).toBe(400);
    expect((await failure(() => upload([{ email: "a@example.com" }], { connection_id: CONNECTION }))).statusCode).toBe(400);

    emulator.importJobs.hold();
    const first = await upload([{ email: "one@example.com" }]);
    await upload([{ email: "two@example.com" }]);
    expect((await mgmt.jobs.get(first.id as string)).status).toBe("pending");
    const third = await failure(() => upload([{ email: "three@example.com" }]));
    expect(third.statusCode).toBe(429);
    expect(third.message).toMatch(/There are 2 active import users jobs/);
    emulator.importJobs.release();
    const later = await upload([{ email: "three@example.com" }]);
    expect((await mgmt.jobs.get(later.id as string)).status).toBe("completed");
    expect(emulator.listUsers().map((u) => u.email).sort()).toEqual(["one@example.com", "three@example.com", "two@example.com"]);
  });

  it("forgets a job 24 hours after it was created", async () => {
    const created = await upload([{ email: "old@example.com" }]);
    expect((await mgmt.jobs.get(created.id as string)).status).toBe("completed");
    now += 24 * 3600 * 1000;
    mgmt = client(); // the old Management token expired with the clock
    expect((await failure(() => mgmt.jobs.get(created.id as string))).statusCode).toBe(404);
    expect((await failure(() => mgmt.jobs.errors.get(created.id as string))).statusCode).toBe(404);
    expect(emulator.getUser(emulator.listUsers()[0]?.user_id as string)?.email).toBe("old@example.com");
  });

  it("can corrupt one user's import: accepted, then the old password does not open it", async () => {
    emulator.importJobs.corruptImportOf("victim@example.com");
    await upload([{ email: "victim@example.com", password_hash: "$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq" }]);
    await mgmt.jobs.get((emulator.importJobs.list()[0] as { id: string }).id);
    expect(await login("victim@example.com", "abcdefghijklmnopqrstuvwxyz")).toBe(false);
  });

  it("corrupts a hex digest whose last character is a letter too (hex reads 'a' and 'A' alike)", async () => {
    // A salted md5 whose hex digest ends in "a", and one whose digit 8 from the end is "0": the
    // cases a careless flip leaves verifying.
    const digest = (salt: string): string => createHash("md5").update(`${salt}pass-word`).digest("hex");
    const salts: string[] = [];
    for (let i = 0; i < 10_000 && salts.length < 2; i++) {
      const d = digest(`s${i}`);
      if ((salts.length === 0 && d.endsWith("a")) || (salts.length === 1 && d.charAt(d.length - 8) === "0")) salts.push(`s${i}`);
    }
    expect(salts).toHaveLength(2);
    const users = salts.map((salt, i) => ({
      email: `hex-victim-${i}@example.com`,
      custom_password_hash: { algorithm: "md5", hash: { value: digest(salt), encoding: "hex" }, salt: { value: salt, encoding: "utf8", position: "prefix" } },
    }));
    for (const u of users) emulator.importJobs.corruptImportOf(u.email);
    // The same hash, not corrupted: it opens (so the corrupted ones are refused for the flip alone).
    const control = { ...users[0], email: "hex-control@example.com" };
    const job = await upload([...users, control]);
    expect((await mgmt.jobs.get(job.id as string)).summary).toMatchObject({ inserted: 3, failed: 0 });
    expect(await login(control.email, "pass-word")).toBe(true);
    for (const u of users) expect(await login(u.email, "pass-word")).toBe(false);
  });
});
