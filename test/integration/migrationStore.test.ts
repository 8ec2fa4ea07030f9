import { migrateLatest } from "../../src/db/migrateLatest";
import { MigrationStore } from "../../src/migration/MigrationStore";
import { createTestDb, type TestDb } from "../support/testDb";

let t: TestDb;
let store: MigrationStore;

beforeAll(async () => {
  t = await createTestDb();
  await migrateLatest(t.db);
  store = new MigrationStore(t.db);
});

afterAll(async () => {
  await t.cleanup();
});

async function stateRow(id: string): Promise<{ state: string; reason: string | null; claimed_until: unknown }> {
  return t.db("auth0_migration_state").where({ legacy_user_id: id }).first("state", "reason", "claimed_until");
}

it("claims once until the attempt is recorded", async () => {
  expect(await store.claim("10", 60_000)).toBe(true);
  expect(await store.claim("10", 60_000)).toBe(false);
  await store.recordAttempt("10", "pending", "timeout");
  expect(await stateRow("10")).toMatchObject({ state: "pending", reason: "timeout", claimed_until: null });
  expect(await store.claim("10", 60_000)).toBe(true);
});

it("never claims a linked user: a login that read 'not linked' before a concurrent link does not migrate again", async () => {
  expect(await store.claim("11", 60_000)).toBe(true);
  const outcome = await store.link({ legacyUserId: "11", auth0UserId: "auth0|11", auth0Login: "u11@example.test", method: "login" });
  expect(outcome.kind).toBe("linked");
  expect(await store.claim("11", 60_000)).toBe(false);
  expect((await store.getStatus("11")).state).toBe("migrated");
});

it("keeps a linked user migrated when a late attempt records a failure", async () => {
  await store.link({ legacyUserId: "12", auth0UserId: "auth0|12", auth0Login: "u12@example.test", method: "login" });
  // An attempt whose claim outlived its lease ends after another one linked the user.
  await store.recordAttempt("12", "pending", "rate_limited");
  await store.recordAttempt("12", "conflict", "several Auth0 accounts have this email");
  expect(await stateRow("12")).toMatchObject({ state: "migrated", reason: null });
  // An unlinked user's failure is still recorded.
  await store.recordAttempt("13", "weak_password", "PasswordStrengthError: Password is too weak");
  expect(await stateRow("13")).toMatchObject({ state: "weak_password", reason: "PasswordStrengthError: Password is too weak" });
});
