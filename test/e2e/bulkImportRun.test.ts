import type { Knex } from "knex";
import { AuthenticationClient } from "auth0/legacy";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { migrateLatest } from "../../src/db/migrateLatest";
import type { BulkImportSummary } from "../../src/bulkImport/BulkImportSummary";
import { convertLegacyHash } from "../../src/bulkImport/converters/convertLegacyHash";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { HASH_VECTORS, type HashVector } from "../support/hashVectors";
import { createLegacyTable, LegacyUserFactory, type CreatedLegacyUser } from "../support/legacyUsers";
import { createSharedTestDb, withSharedDb, runCli, type SharedTestDb } from "../support/runCli";
import { passwordGrantSucceeds } from "../support/auth0Sdk";

const CLIENT = { clientId: "bulk-cli-client", clientSecret: "bulk-cli-secret" };
const CONNECTION = "Username-Password-Authentication";
const registry = createHasherRegistry("bcrypt");

let shared: SharedTestDb;
let emulator: Auth0Emulator;
let auth: AuthenticationClient;
const imported: Array<{ user: CreatedLegacyUser; vector: HashVector }> = [];
const lazy: CreatedLegacyUser[] = [];
let conflicting: CreatedLegacyUser;

function withDb<T>(fn: (db: Knex) => Promise<T>): Promise<T> {
  return withSharedDb(shared, fn);
}

function env(): Record<string, string> {
  return { ...shared.childEnv, AUTH0_DOMAIN: emulator.baseUrl, ...{ AUTH0_CLIENT_ID: CLIENT.clientId, AUTH0_CLIENT_SECRET: CLIENT.clientSecret } };
}

async function bulkImport(): Promise<{ code: number; summary: BulkImportSummary | null; stderr: string }> {
  const r = await runCli(["bulk-import", "--json", "--poll-interval", "20"], env());
  return { code: r.code, summary: r.code === 0 ? (JSON.parse(r.stdout) as BulkImportSummary) : null, stderr: r.stderr };
}

function login(email: string, password: string): Promise<boolean> {
  return passwordGrantSucceeds(auth, CONNECTION, email, password);
}

function importSubmissions(): number {
  return emulator.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/jobs/users-imports").length;
}

beforeAll(async () => {
  emulator = new Auth0Emulator({ ...CLIENT, connections: [{ name: CONNECTION }] });
  await emulator.start();
  auth = new AuthenticationClient({ domain: emulator.domain, ...CLIENT, fetch: loopbackFetch });
  shared = await createSharedTestDb();
  const { db } = shared.testDb;
  await migrateLatest(db);
  await createLegacyTable(db);
  const factory = new LegacyUserFactory(db);
  for (const vector of HASH_VECTORS) {
    const user = await factory.create({ passwordHash: vector.encoded });
    if (convertLegacyHash(registry, vector.encoded).conversion.importable) imported.push({ user, vector });
    else lazy.push(user);
  }
  conflicting = await factory.create({ format: "bcrypt" });
  // Somebody already has this email in Auth0: the import must not take that account.
  emulator.createUser({ email: conflicting.email as string, password: "Someone-Elses-1!" });
  // Two legacy users, one address (the login's no_email): neither is sent, so neither holds an
  // Auth0 account the other could reset.
  for (const email of ["Shared.Home@example.com", "shared.home@EXAMPLE.com"]) lazy.push(await factory.create({ format: "bcrypt", email }));
  await shared.releaseForChild();
}, 120_000);

afterAll(async () => {
  await emulator.stop();
  await shared.testDb.cleanup();
});

describe("bulk-import", () => {
  it("imports every importable user, links each (bulk_import), records the conflict, leaves the rest for login", async () => {
    const r = await bulkImport();
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const s = r.summary as BulkImportSummary;
    expect(s).toMatchObject({ dry_run: false, files: 1, jobs: 1, inserted: imported.length, failed: 1, linked: imported.length });
    expect(s.run).toMatch(/^import-/);

    await withDb(async (db) => {
      const links = await db("auth0_links").where({ method: "bulk_import" }).orderBy("legacy_user_id");
      expect(links.map((l) => l.legacy_user_id).sort()).toEqual(imported.map((i) => i.user.id).sort());
      for (const link of links) expect(link.auth0_user_id).toBe(`auth0|legacy-${link.legacy_user_id}`);
      const state = await db("auth0_migration_state").where({ legacy_user_id: conflicting.id }).first();
      expect(state).toMatchObject({ state: "conflict", reason: "bulk_import:CONFLICT_EMAIL" });
      const notSent = await db("auth0_bulk_import_users").whereIn("legacy_user_id", lazy.map((u) => u.id));
      expect(notSent).toEqual([]);
      expect(emulator.listUsers().filter((u) => u.email === "shared.home@example.com")).toEqual([]);
      const fingerprints = await db("auth0_bulk_import_users").where({ outcome: "inserted" }).pluck("fingerprint");
      expect(fingerprints).toHaveLength(imported.length);
      for (const f of fingerprints) expect(f).toMatch(/^[0-9a-f]{64}$/);
    });

    for (const { user, vector } of imported) {
      expect(await login(user.email as string, vector.wrong ?? `${vector.password}z`)).toBe(false);
      expect(await login(user.email as string, vector.password)).toBe(true);
    }
    // The existing Auth0 account keeps its own password.
    expect(await login(conflicting.email as string, "Someone-Elses-1!")).toBe(true);
  }, 120_000);

  it("a rerun sends nothing again", async () => {
    const before = importSubmissions();
    const r = await bulkImport();
    expect(r.code).toBe(0);
    expect(r.summary).toMatchObject({ files: 0, jobs: 0, inserted: 0, linked: 0 });
    expect(importSubmissions()).toBe(before);
    // Nothing importable is left: the conflict is not offered again; the lazy formats remain, for login.
    const dry = await runCli(["bulk-import", "--dry-run", "--json"], env());
    const plan = JSON.parse(dry.stdout) as BulkImportSummary;
    expect(plan.importable_by_format).toEqual({});
    expect(plan.selected).toBe(lazy.length);
  }, 60_000);

  it("refuses to run beside another live process holding the run", async () => {
    await withDb((db) => db("auth0_bulk_import_runs").insert({ name: "held", status: "running", owner: "elsewhere:1", lease_until: db.raw("now() + interval '1 hour'") }));
    const r = await bulkImport();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/another bulk-import \(elsewhere:1\) is running/);
    await withDb((db) => db("auth0_bulk_import_runs").where({ name: "held" }).update({ status: "finished" }));
  }, 60_000);
});
