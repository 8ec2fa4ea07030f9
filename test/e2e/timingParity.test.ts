import { HasherRegistry } from "../../src/legacy/hashers/HasherRegistry";
import { BulkImportFixtures } from "../support/bulkImportFixtures";
import { CountingBcrypt } from "../support/countingBcrypt";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * Enumeration by timing, counted rather than timed: a wrong password for a real user, an
 * unknown user, an inactive user, a user with an unusable password and a migrated (linked)
 * user's wrong password (linked at a login, or by a bulk import) each run exactly one bcrypt check at the configured cost (the default
 * preset's write format) and get the same status and body. Timing varies with the machine's
 * load; the count does not. The medians themselves are `npm run bench`'s `timing_parity`.
 */
const COST = 10;

let t: TestApp;
const bcrypt = new CountingBcrypt(COST);

beforeAll(async () => {
  t = await startTestApp({
    hashing: new HasherRegistry([bcrypt], "bcrypt"),
    env: { THROTTLE_ACCOUNT_IP_MAX: "1000", THROTTLE_IP_MAX: "1000" },
  });
}, 120_000);

afterAll(async () => {
  await t.close();
}, 120_000);

async function login(identifier: string, password: string): Promise<{ status: number; body: string }> {
  const res = await t.client().postJson("/api/login", { identifier, password });
  return { status: res.status, body: await res.text() };
}

/** One login, and the bcrypt checks (their costs) it ran. */
async function counted(identifier: string, password: string): Promise<{ status: number; body: string; checks: number[]; encodes: number }> {
  bcrypt.reset();
  const answer = await login(identifier, password);
  return { ...answer, checks: bcrypt.checks, encodes: bcrypt.encodes };
}

it("runs one bcrypt check at the configured cost for a wrong password, unknown, inactive, unusable and linked users alike", async () => {
  const real = await t.users.create({ passwordHash: await bcrypt.encode("Real-Pass-1") });
  const inactive = await t.users.create({ passwordHash: await bcrypt.encode("Inactive-Pass-1"), isActive: false });
  const unusable = await t.users.create({ passwordHash: "!" });
  const linked = await t.users.create({ passwordHash: await bcrypt.encode("Linked-Pass-1") });
  // Linked by a bulk import of this very hash: a refused password is checked against it for the
  // safety net, alongside Auth0, in place of the dummy (one check, not two).
  const importedHash = await bcrypt.encode("Imported-Pass-1");
  const imported = await t.users.create({ passwordHash: importedHash });
  await new BulkImportFixtures(t.testDb.db).run([{ status: "completed", inserted: [imported.id], hashes: { [imported.id]: importedHash } }]);
  // The first right password migrates the user; from then on Auth0 checks it (the linked path).
  expect((await login(linked.username, "Linked-Pass-1")).status).toBe(200);
  expect((await t.testDb.db("auth0_links").where({ legacy_user_id: linked.id }).first())?.auth0_user_id).toBeTruthy();
  // The dummy hash is made once, ahead of the counted logins.
  await t.app.hashers.warmUp();
  await t.app.backend.drain();

  const wrong = await counted(real.username, "Wrong-Pass-1");
  const cases = {
    unknown: await counted("no-such-user-anywhere", "Wrong-Pass-1"),
    inactive: await counted(inactive.username, "Inactive-Pass-1"),
    unusable: await counted(unusable.username, "Wrong-Pass-1"),
    linked: await counted(linked.username, "Wrong-Pass-1"),
    bulkImported: await counted(imported.username, "Wrong-Pass-1"),
  };
  expect(wrong.status).toBe(401);
  expect(wrong.checks).toEqual([COST]);
  expect(wrong.encodes).toBe(0);
  for (const [name, c] of Object.entries(cases)) {
    expect({ name, status: c.status, body: c.body, checks: c.checks, encodes: c.encodes }).toEqual({
      name,
      status: wrong.status,
      body: wrong.body,
      checks: [COST],
      encodes: 0,
    });
  }
}, 120_000);
