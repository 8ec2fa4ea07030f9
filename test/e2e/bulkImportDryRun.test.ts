import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { migrateLatest } from "../../src/db/migrateLatest";
import type { BulkImportSummary } from "../../src/bulkImport/BulkImportSummary";
import { NO_USABLE_EMAIL } from "../../src/bulkImport/prepareImport";
import { SHARED_EMAIL_REASON } from "../../src/migration/Auth0Migrator";
import { BulkImportFixtures } from "../support/bulkImportFixtures";
import { HASH_VECTORS } from "../support/hashVectors";
import { createLegacyTable, insertNumberedUsers, LegacyUserFactory } from "../support/legacyUsers";
import { createSharedTestDb, runCli, withSharedDb, type SharedTestDb } from "../support/runCli";

let shared: SharedTestDb;

/** One vector per format: the first published one of each. */
function onePerFormat(): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of HASH_VECTORS) if (!out.has(v.format)) out.set(v.format, v.encoded);
  return out;
}

beforeAll(async () => {
  shared = await createSharedTestDb();
  const { db } = shared.testDb;
  await migrateLatest(db);
  await createLegacyTable(db);
  const factory = new LegacyUserFactory(db);
  for (const [, encoded] of onePerFormat()) await factory.create({ passwordHash: encoded });
  // Not candidates: inactive, without a usable email, already linked.
  await factory.create({ isActive: false });
  await factory.create({ email: null });
  await factory.create({ email: "not-an-email" });
  const linked = await factory.create();
  await db("auth0_links").insert({ legacy_user_id: linked.id, auth0_user_id: "auth0|linked", auth0_login: linked.email, method: "login" });
  // A candidate whose password is unusable.
  await factory.create({ passwordHash: "!unusable" });
  // Importable hashes, but addresses the login would not create an Auth0 user with: one two users
  // share (in any case, with spaces around), one that is no address.
  await factory.create({ email: "Shared.Home@example.com" });
  await factory.create({ email: " shared.home@EXAMPLE.com " });
  await factory.create({ email: "a@b" });
  await shared.releaseForChild();
}, 120_000);

afterAll(async () => {
  await shared.testDb.cleanup();
});

async function dryRun(args: string[] = []): Promise<BulkImportSummary> {
  const r = await runCli(["bulk-import", "--dry-run", "--json", ...args], shared.childEnv);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as BulkImportSummary;
}

describe("bulk-import --dry-run", () => {
  it("counts active, unlinked users with a usable email per format, importable or not and why; sends nothing", async () => {
    const s = await dryRun();
    const formats = onePerFormat();
    expect(s.dry_run).toBe(true);
    expect(s.selected).toBe(formats.size + 1 + 3);
    expect(s.importable_by_format).toEqual({
      bcrypt: 1,
      pbkdf2_sha256: 1,
      pbkdf2_sha1: 1,
      sha1: 1,
      md5: 1,
      unsalted_md5: 1,
      unsalted_sha1: 1,
      scrypt: 1,
      django_bcrypt: 1,
      aspnet_identity: 1,
    });
    // The first argon2 vector is Django's oldest encoding (no v=19): Auth0's libsodium cannot read it.
    expect(s.not_importable_by_format).toEqual({ argon2: 1, bcrypt: 3, bcrypt_sha256: 1, phpass: 1, md5_crypt: 1, sha256_crypt: 1, sha512_crypt: 1, crypt: 1, unusable: 1 });
    expect(s.not_importable_reasons.bcrypt).toEqual({ [SHARED_EMAIL_REASON]: 2, [NO_USABLE_EMAIL]: 1 });
    expect(s.not_importable_reasons.phpass).toEqual({ "phpass not supported by Auth0": 1 });
    expect(Object.keys(s.not_importable_reasons.bcrypt_sha256 ?? {})[0]).toMatch(/bcrypt_sha256 pre-hashes/);
    expect(s.files).toBe(1);
    expect({ jobs: s.jobs, inserted: s.inserted, failed: s.failed, linked: s.linked, run: s.run }).toEqual({ jobs: 0, inserted: 0, failed: 0, linked: 0, run: null });
    expect(s.unfinished_run).toBeNull();
  });

  it("--limit stops after that many importable users", async () => {
    const s = await dryRun(["--limit", "2"]);
    expect(Object.values(s.importable_by_format).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("prints a readable summary without --json", async () => {
    const r = await runCli(["bulk-import", "--dry-run"], shared.childEnv);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(dry run: nothing sent)");
    expect(r.stdout).toContain("phpass: 1 (phpass not supported by Auth0)");
    expect(r.stdout).toContain("unfinished run:  none");
  });
});

describe("bulk-import --dry-run beside an unfinished run", () => {
  let ledger: SharedTestDb;
  let runName: string;

  beforeAll(async () => {
    ledger = await createSharedTestDb();
    const { db } = ledger.testDb;
    await migrateLatest(db);
    await createLegacyTable(db);
    const factory = new LegacyUserFactory(db);
    const inFile = await factory.create();
    await factory.create();
    await factory.create();
    // A killed run: a file sent (job id recorded, results not read), one recorded but not sent, one finished.
    const run = await new BulkImportFixtures(db).run(
      [
        { status: "submitted", jobId: "job_sent", open: [inFile.id, "90001"] },
        { status: "prepared", open: ["90002"] },
        { status: "completed", inserted: ["90003"], failed: { "90004": "CONFLICT_EMAIL" } },
      ],
      { finished: false },
    );
    runName = run.name;
    await ledger.releaseForChild();
  }, 120_000);

  afterAll(async () => {
    await ledger.testDb.cleanup();
  });

  it("says how many files and users of the unfinished run a real run would resume first, apart from the new ones", async () => {
    const r = await runCli(["bulk-import", "--dry-run", "--json"], ledger.childEnv);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as BulkImportSummary;
    expect(s.unfinished_run).toEqual({ run: runName, files: 2, users: 3 });
    // The user already in the unfinished run's file is not counted again among the new ones.
    expect(s.selected).toBe(2);
    expect(s.files).toBe(1);
  });

  it("prints it in the readable summary", async () => {
    const r = await runCli(["bulk-import", "--dry-run"], ledger.childEnv);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`unfinished run:  ${runName}: 2 files, 3 users would be resumed first`);
  });

  it("leaves the unfinished run as it was: a dry run claims nothing", async () => {
    expect((await runCli(["bulk-import", "--dry-run", "--json"], ledger.childEnv)).code).toBe(0);
    const runs = await withSharedDb(ledger, (db) => db("auth0_bulk_import_runs").select("name", "status", "owner"));
    expect(runs).toEqual([{ name: runName, status: "running", owner: "fixture-1" }]);
  });
});

describe("bulk-import --dry-run over many users", () => {
  let big: SharedTestDb;

  beforeAll(async () => {
    big = await createSharedTestDb();
    const { db } = big.testDb;
    await migrateLatest(db);
    await createLegacyTable(db);
    const hash = await new BcryptHasher(10).encode("same for all");
    await insertNumberedUsers(db, { username: "bulk", emailLocal: "Bulk", emailDomain: "Example.com", hash, count: 7000 });
    await big.releaseForChild();
  }, 120_000);

  afterAll(async () => {
    await big.testDb.cleanup();
  });

  it("packs the users into files of at most 500 KB (by bytes)", async () => {
    const r = await runCli(["bulk-import", "--dry-run", "--json"], big.childEnv);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as BulkImportSummary;
    expect(s.selected).toBe(7000);
    expect(s.importable_by_format).toEqual({ bcrypt: 7000 });
    // About 190 bytes a record: 7000 users are about 1.3 MB, three files.
    expect(s.files).toBe(3);
  });
});
