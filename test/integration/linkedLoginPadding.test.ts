import type { Auth0Gateway } from "../../src/auth0/Auth0Gateway";
import { Auth0InvalidCredentialsError } from "../../src/auth0/auth0Errors";
import { migrateLatest } from "../../src/db/migrateLatest";
import { InvalidCredentialsError } from "../../src/errors";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { resolveLegacySchema } from "../../src/legacy/legacyPresets";
import { LegacyUserStore } from "../../src/legacy/LegacyUserStore";
import { createLogger } from "../../src/logger";
import type { Auth0Migrator } from "../../src/migration/Auth0Migrator";
import { MigrateToAuth0Backend } from "../../src/migration/MigrateToAuth0Backend";
import { MigrationStore } from "../../src/migration/MigrationStore";
import { createLegacyTable, LegacyUserFactory } from "../support/legacyUsers";
import { MeteredHashing } from "../support/meteredHashing";
import { createTestDb, type TestDb } from "../support/testDb";

/**
 * Issue 17.12: a wrong password for a linked user cost only Auth0's round trip, an unknown
 * user one dummy hash, so timing told them apart. Counted, not timed: every answer of the
 * linked path runs one write-format hash alongside the Auth0 call and waits for it.
 */
let t: TestDb;
let factory: LegacyUserFactory;
let migrations: MigrationStore;
const hashing = new MeteredHashing(createHasherRegistry("bcrypt", { bcryptCost: 4 }));
let auth0Calls = 0;
let auth0Accepts = "";

/** Auth0 as the linked path sees it: one password opens the account, any other is refused. */
const gateway = {
  verifyPassword: async (_login: string, password: string) => {
    auth0Calls += 1;
    if (password !== auth0Accepts) throw new Auth0InvalidCredentialsError();
  },
} as unknown as Auth0Gateway;

function backend(): MigrateToAuth0Backend {
  const users = new LegacyUserStore(t.db, resolveLegacySchema("default", {}));
  const unused = {} as Auth0Migrator; // linked and unknown users never migrate
  return new MigrateToAuth0Backend(users, hashing, gateway, migrations, unused, { timeoutMs: 1000, outagePolicy: "deny" }, createLogger("silent"));
}

beforeAll(async () => {
  t = await createTestDb();
  await migrateLatest(t.db);
  await createLegacyTable(t.db);
  factory = new LegacyUserFactory(t.db);
  migrations = new MigrationStore(t.db);
});

afterAll(async () => {
  await t.cleanup();
});

beforeEach(() => {
  hashing.reset();
  auth0Calls = 0;
});

async function linkedUser(auth0Password: string) {
  const u = await factory.create();
  await migrations.link({ legacyUserId: u.id, auth0UserId: `auth0|${u.id}`, auth0Login: u.email!, method: "login" });
  auth0Accepts = auth0Password;
  return u;
}

/** Waits (bounded: 10 s) until both the Auth0 call and the dummy hash have started; the database round trips before them take a variable time under load. */
async function untilBothStarted(): Promise<void> {
  for (let i = 0; i < 1000 && !(auth0Calls >= 1 && hashing.dummies >= 1); i++) await new Promise((go) => setTimeout(go, 10));
  // A few more turns, so an answer that did not wait for the hash would have settled by now.
  for (let i = 0; i < 20; i++) await new Promise((go) => setImmediate(go));
}

it("runs one hash for a linked user's wrong password, alongside Auth0, and answers only after it", async () => {
  const u = await linkedUser("Auth0-Pass-1");
  hashing.hold();
  let settled = false;
  const answer = backend()
    .authenticate(u.username, "Wrong-Pass-1")
    .finally(() => {
      settled = true;
    });
  try {
    await untilBothStarted();
    // Auth0 has already refused, concurrently with the hash, yet no answer has gone out.
    expect(auth0Calls).toBe(1);
    expect(hashing.dummies).toBe(1);
    expect(settled).toBe(false);
  } finally {
    hashing.release();
  }
  await expect(answer).rejects.toBeInstanceOf(InvalidCredentialsError);
});

it("costs a linked user's right password and an unknown user the same one hash", async () => {
  const u = await linkedUser("Auth0-Pass-2");
  await backend().authenticate(u.username, "Auth0-Pass-2");
  expect({ dummies: hashing.dummies, verifies: hashing.verifies }).toEqual({ dummies: 1, verifies: 0 });
  hashing.reset();
  await expect(backend().authenticate("nobody-linked-or-not", "Wrong-Pass-1")).rejects.toBeInstanceOf(InvalidCredentialsError);
  expect({ dummies: hashing.dummies, verifies: hashing.verifies }).toEqual({ dummies: 1, verifies: 0 });
});
