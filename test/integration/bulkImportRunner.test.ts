import type { Knex } from "knex";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import type { Auth0ImportJobsApi } from "../../src/auth0/Auth0ImportJobsApi";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { SdkImportJobsApi } from "../../src/auth0/SdkImportJobsApi";
import { migrateLatest } from "../../src/db/migrateLatest";
import { BulkImportRunner, type RunnerOptions } from "../../src/bulkImport/BulkImportRunner";
import { BulkImportStore, type RunRow } from "../../src/bulkImport/BulkImportStore";
import type { FileEntry } from "../../src/bulkImport/ImportFileBuilder";
import { ImportCandidateSource } from "../../src/bulkImport/ImportCandidateSource";
import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { resolveLegacySchema } from "../../src/legacy/legacyPresets";
import { createLogger } from "../../src/logger";
import { MigrationStore } from "../../src/migration/MigrationStore";
import { createLegacyTable, insertNumberedUsers } from "../support/legacyUsers";
import { createTestDb, type TestDb } from "../support/testDb";

/** The runner against the emulator: Auth0's 2-job limit, lost job results, a run killed after sending. */

const CLIENT = { clientId: "runner-client", clientSecret: "runner-secret" };
const CONNECTION = "Username-Password-Authentication";
const USERS = 30;
const PASSWORD = "same password for all";

let t: TestDb;
let db: Knex;
let emulator: Auth0Emulator;
let api: SdkImportJobsApi;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  await migrateLatest(db);
  await createLegacyTable(db);
  emulator = new Auth0Emulator({ ...CLIENT, connections: [{ name: CONNECTION }] });
  await emulator.start();
  api = new SdkImportJobsApi({ domain: emulator.domain, ...CLIENT, fetch: loopbackFetch });
}, 60_000);

afterAll(async () => {
  await emulator.stop();
  await t.cleanup();
});

beforeEach(async () => {
  emulator.reset();
  await db.raw("truncate auth0_bulk_import_users, auth0_bulk_import_files, auth0_bulk_import_runs, auth0_links, auth0_migration_state cascade");
  await db("users").delete();
  // Cost 4 keeps the test fast: it goes as custom_password_hash bcrypt.
  const hash = await new BcryptHasher(4).encode(PASSWORD);
  await insertNumberedUsers(db, { username: "r", emailLocal: "runner", hash, count: USERS });
});

function runner(options: Partial<RunnerOptions> & { api?: Auth0ImportJobsApi; store?: BulkImportStore; idPrefix?: string } = {}): BulkImportRunner {
  const schema = resolveLegacySchema("default", { table: undefined, columns: {}, hashFormat: undefined });
  return new BulkImportRunner(
    options.store ?? new BulkImportStore(db),
    new ImportCandidateSource(db, schema),
    createHasherRegistry("bcrypt"),
    { idPrefix: options.idPrefix ?? "legacy-", emailVerified: false, requiresUsername: false },
    options.api ?? api,
    new MigrationStore(db),
    createLogger("silent"),
    { connection: CONNECTION, owner: "test:1", leaseMs: 60_000, pollMs: 1, pageSize: 7, ownerGone: () => true, maxFileBytes: 1500, ...options },
  );
}

/** Every legacy user is in the emulator exactly once and linked exactly once, and in one file. */
async function expectEachUserOnce(tenant: Auth0Emulator = emulator): Promise<void> {
  const emails = tenant.listUsers().map((u) => u.email).sort();
  expect(emails).toHaveLength(USERS);
  expect(new Set(emails).size).toBe(USERS);
  const links = await db("auth0_links").where({ method: "bulk_import" });
  expect(links).toHaveLength(USERS);
  for (const l of links) {
    const user = tenant.getUser(l.auth0_user_id);
    expect(user?.app_metadata).toEqual({ legacy_id: l.legacy_user_id });
    // The link's login is the address Auth0 holds: the password grant goes to this account.
    expect(user?.email).toBe(l.auth0_login);
  }
  const rows = await db("auth0_bulk_import_users").select("legacy_user_id");
  expect(rows).toHaveLength(USERS);
}

function importPosts(): Array<{ status: number }> {
  return emulator.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/jobs/users-imports");
}

it("keeps at most 2 jobs in flight; a 429 (another tool's job running) waits and retries", async () => {
  emulator.importJobs.hold();
  // Someone else's import is running: only one slot left for us.
  emulator.importJobs.create({ connection: CONNECTION, users: [], upsert: false, send_completion_email: false });
  let sleeps = 0;
  const summary = await runner({
    sleep: async () => {
      sleeps += 1;
      expect(emulator.importJobs.list().filter((j) => j.status === "pending").length).toBeLessThanOrEqual(2);
      if (sleeps === 5) emulator.importJobs.release();
    },
  }).start();
  expect(importPosts().some((r) => r.status === 429)).toBe(true);
  expect(summary.files).toBeGreaterThanOrEqual(4);
  expect(summary).toMatchObject({ inserted: USERS, failed: 0, linked: USERS });
  expect(importPosts().filter((r) => r.status === 202)).toHaveLength(summary.files);
  await expectEachUserOnce();
});

it("job data gone before the run reads it (24 h): users looked up one by one, the missing sent again, nobody twice", async () => {
  emulator.importJobs.hold();
  let sleeps = 0;
  const summary = await runner({
    sleep: async () => {
      sleeps += 1;
      // First the jobs vanish unprocessed, later after they ran: both must end with each user once.
      if (sleeps === 1) emulator.importJobs.clear();
      if (sleeps === 2) emulator.importJobs.release();
      if (sleeps === 3) {
        emulator.importJobs.process();
        emulator.importJobs.clear();
      }
    },
  }).start();
  expect(summary).toMatchObject({ inserted: USERS, failed: 0, linked: USERS });
  const unknown = await db("auth0_bulk_import_files").where("attempts", ">", 1).count({ n: "*" }).first();
  expect(Number(unknown?.n)).toBeGreaterThan(0);
  await expectEachUserOnce();
});

it("killed right after sending a file, the rerun finds it again: no user twice, each linked once", async () => {
  let sent = 0;
  const crashing: Auth0ImportJobsApi = {
    connectionId: (n) => api.connectionId(n),
    getJob: (id) => api.getJob(id),
    getErrors: (id) => api.getErrors(id),
    getUser: (id) => api.getUser(id),
    submit: async (input) => {
      const r = await api.submit(input);
      sent += 1;
      // The process dies after Auth0 took the second file, before the job id was recorded.
      if (sent === 2) throw new Error("killed");
      return r;
    },
  };
  await expect(runner({ api: crashing }).start()).rejects.toThrow("killed");
  const stuck = await db("auth0_bulk_import_files").where({ status: "submitting" });
  expect(stuck).toHaveLength(1);
  // Meanwhile Auth0 ran the job whose id was never recorded.
  emulator.importJobs.process();
  const postsBefore = importPosts().length;
  const summary = await runner({ owner: "test:2" }).start();
  expect(summary).toMatchObject({ failed: 0 });
  await expectEachUserOnce();
  // The file killed mid-send was resolved by lookup: its users were all in Auth0, nothing sent again for it.
  expect((await db("auth0_bulk_import_files").where({ id: stuck[0].id }).first()).status).toBe("completed");
  const files = Number((await db("auth0_bulk_import_files").count({ n: "*" }).first())?.n);
  expect(importPosts().length - postsBefore).toBe(files - 2);
});

it("a file some of whose users another writer queued first is sent with the rest only; the other writer's file is sent before the run ends", async () => {
  /** Before the first file is recorded, "another process" records every other user of it in a file of its own. */
  class RacedStore extends BulkImportStore {
    raced: string[] = [];
    override async recordFile(run: RunRow, entries: FileEntry[], bytes: number): ReturnType<BulkImportStore["recordFile"]> {
      if (this.raced.length === 0) {
        const theirs = entries.filter((_, i) => i % 2 === 1);
        this.raced = theirs.map((e) => e.legacyId);
        await super.recordFile(run, theirs, bytes);
      }
      return super.recordFile(run, entries, bytes);
    }
  }
  const store = new RacedStore(db);
  const sent: string[][] = [];
  const recording: Auth0ImportJobsApi = {
    connectionId: (n) => api.connectionId(n),
    getJob: (id) => api.getJob(id),
    getErrors: (id) => api.getErrors(id),
    getUser: (id) => api.getUser(id),
    submit: (input) => {
      sent.push((JSON.parse(input.users.toString("utf8")) as Array<{ app_metadata: { legacy_id: string } }>).map((r) => r.app_metadata.legacy_id));
      return api.submit(input);
    },
  };
  const summary = await runner({ store, api: recording }).start();
  expect(store.raced.length).toBeGreaterThan(1);
  // Our first file went without the raced users (the other writer owned them), as valid JSON.
  expect(sent[0]?.some((id) => store.raced.includes(id))).toBe(false);
  expect(sent[0]?.length).toBeGreaterThan(0);
  // The other writer never sent its file: the run sent it before finishing (its users went once).
  expect(sent.filter((ids) => ids.some((id) => store.raced.includes(id)))).toEqual([store.raced]);
  expect(summary).toMatchObject({ failed: 0, linked: USERS });
  await expectEachUserOnce();
});

/** The shared api with some calls replaced. */
function apiWith(overrides: Partial<Auth0ImportJobsApi>, base: Auth0ImportJobsApi = api): Auth0ImportJobsApi {
  return {
    connectionId: (n) => base.connectionId(n),
    getJob: (id) => base.getJob(id),
    getErrors: (id) => base.getErrors(id),
    getUser: (id) => base.getUser(id),
    submit: (input) => base.submit(input),
    ...overrides,
  };
}

it("a file killed before Auth0 took it is sent again under the ids recorded for it (the prefix changed since) and with its user's address as it is now", async () => {
  let calls = 0;
  const dying = apiWith({
    submit: async (input) => {
      calls += 1;
      // The process dies on the second file, after recording it as being sent, before Auth0 got it.
      if (calls === 2) throw new Error("killed");
      return api.submit(input);
    },
  });
  await expect(runner({ api: dying }).start()).rejects.toThrow("killed");
  const [stuck] = await db("auth0_bulk_import_files").where({ status: "submitting" });
  const stuckUsers = await db("auth0_bulk_import_users").where({ file_id: stuck.id }).orderBy("legacy_user_id");
  expect(stuckUsers.length).toBeGreaterThan(0);
  // Meanwhile the operator changed AUTH0_IMPORT_ID_PREFIX, and one of those users their address.
  const moved = stuckUsers[0].legacy_user_id as string;
  await db("users").where({ id: moved }).update({ email: "Moved.Away@Example.com" });
  emulator.importJobs.process();
  const summary = await runner({ owner: "test:2", idPrefix: "acme-" }).start();
  expect(summary).toMatchObject({ failed: 0, linked: USERS });
  await expectEachUserOnce();
  for (const u of stuckUsers) expect(emulator.getUser(u.auth0_user_id)).toBeTruthy();
  expect((await db("auth0_links").where({ legacy_user_id: moved }).first())?.auth0_login).toBe("moved.away@example.com");
  // New files of the rerun take the new prefix.
  expect(emulator.listUsers().some((u) => u.user_id.startsWith("auth0|acme-"))).toBe(true);
});

it("a failed job's users that Auth0 inserted before it stopped are found and linked; only the others fail", async () => {
  let failedOne = false;
  const failing = apiWith({
    getJob: async (id) => {
      const state = await api.getJob(id);
      // The first job to finish inserted its users, then Auth0 reports the job failed.
      if (state?.status === "completed" && !failedOne) {
        failedOne = true;
        return { ...state, status: "failed", summary: null };
      }
      return state;
    },
  });
  const summary = await runner({ api: failing }).start();
  expect(failedOne).toBe(true);
  expect(summary).toMatchObject({ failed: 0, linked: USERS });
  await expectEachUserOnce();
  expect(await db("auth0_bulk_import_files").where({ status: "failed" })).toHaveLength(1);
});

it("Auth0's rate limit (429) on the one-by-one lookups is waited out, not fatal", async () => {
  const limited = new Auth0Emulator({ ...CLIENT, connections: [{ name: CONNECTION }], rateLimit: { limit: 6, windowSeconds: 1 } });
  await limited.start();
  try {
    const limitedApi = new SdkImportJobsApi({ domain: limited.domain, ...CLIENT, fetch: loopbackFetch });
    // Every job runs, and its data is gone before the run reads it: all users are looked up.
    const lossy = apiWith(
      {
        getJob: async (id) => {
          limited.importJobs.process();
          limited.importJobs.clear();
          return limitedApi.getJob(id);
        },
      },
      limitedApi,
    );
    const summary = await runner({ api: lossy }).start();
    expect(summary).toMatchObject({ failed: 0, linked: USERS });
    expect(limited.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    await expectEachUserOnce(limited);
  } finally {
    await limited.stop();
  }
}, 60_000);

it("a later run sends again the users whose import failed for a reason of our own (a failed job), and them only", async () => {
  // Someone else's Auth0 account has the last user's address: that refusal (CONFLICT_EMAIL) stands.
  emulator.createUser({ email: `runner${USERS}@example.com`, password: "Someone-Elses-1!" });
  let failedFile = false;
  // Jobs wait to be run; the first one polled fails as a whole before inserting anyone.
  emulator.importJobs.hold();
  const failing = apiWith({
    getJob: async (id) => {
      if (!failedFile) {
        failedFile = true;
        emulator.importJobs.clear();
        return { id, status: "failed", externalId: null, summary: null };
      }
      return api.getJob(id);
    },
  });
  await runner({ api: failing }).start();
  const jobFailed = await db("auth0_bulk_import_users").where({ error_code: "JOB_FAILED" }).pluck("legacy_user_id");
  expect(jobFailed.length).toBeGreaterThan(0);
  const conflicted = await db("auth0_bulk_import_users").where({ error_code: "CONFLICT_EMAIL" }).pluck("legacy_user_id");
  expect(conflicted).toHaveLength(1);

  const second = await runner({ owner: "test:2" }).start();
  // Only the failed job's users were candidates again, and all went in.
  expect(second).toMatchObject({ selected: jobFailed.length, failed: 0, inserted: jobFailed.length, linked: jobFailed.length });
  const links = await db("auth0_links").where({ method: "bulk_import" }).pluck("legacy_user_id");
  expect(links.sort()).toEqual((await db("users").whereNot({ id: conflicted[0] }).pluck("id")).map(String).sort());
  expect(await db("auth0_bulk_import_users").where({ legacy_user_id: conflicted[0] }).first()).toMatchObject({ outcome: "failed", error_code: "CONFLICT_EMAIL" });
  expect(emulator.listUsers()).toHaveLength(USERS);
  // A third run has nobody left to send.
  expect(await runner({ owner: "test:3" }).start()).toMatchObject({ selected: 0, files: 0 });
});
