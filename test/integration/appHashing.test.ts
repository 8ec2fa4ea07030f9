import { buildCore } from "../../src/app";
import { loadConfig } from "../../src/config";
import { HashWorkerError } from "../../src/legacy/hashers/hashingErrors";
import { HasherRegistry } from "../../src/legacy/hashers/HasherRegistry";
import { OffThreadHasherRegistry } from "../../src/legacy/hashers/OffThreadHasherRegistry";
import { createLogger } from "../../src/logger";
import { createTestDb, type TestDb } from "../support/testDb";

let testDb: TestDb;

beforeAll(async () => {
  testDb = await createTestDb();
});

afterAll(async () => {
  await testDb.cleanup();
});

async function core(env: Record<string, string>) {
  return buildCore(loadConfig({ LEGACY_TABLE: "users", ...env }), {
    db: testDb.db,
    logger: createLogger("silent"),
    hasherCosts: { bcryptCost: 4, pbkdf2Iterations: 1000 },
  });
}

it("hashes on the main thread with HASH_WORKERS=0", async () => {
  const c = await core({ HASH_WORKERS: "0" });
  expect(c.hashers).toBeInstanceOf(HasherRegistry);
  expect(await c.hashers.verify("pw", await c.hashers.encode("pw"))).toBe(true);
  await c.close();
});

it("hashes in a worker pool otherwise, in the preset's write format, and closes it with the app", async () => {
  const c = await core({ HASH_WORKERS: "1", LEGACY_PRESET: "django" });
  expect(c.hashers).toBeInstanceOf(OffThreadHasherRegistry);
  expect(c.hashers.writeAlgorithm).toBe("pbkdf2_sha256");
  const encoded = await c.hashers.encode("Pool-Pass-1");
  expect(encoded).toMatch(/^pbkdf2_sha256\$1000\$/);
  expect(await c.hashers.verify("Pool-Pass-1", encoded)).toBe(true);
  await c.close();
  await expect(c.hashers.verify("Pool-Pass-1", encoded)).rejects.toBeInstanceOf(HashWorkerError);
});

it("refuses an unknown write format before any worker starts, naming the variable", async () => {
  await expect(core({ HASH_WORKERS: "1", LEGACY_HASH_FORMAT: "rot13" })).rejects.toThrow(/^LEGACY_HASH_FORMAT: /);
});
