import { ManagementClient } from "auth0";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { Reconciler } from "../../src/migration/Reconciler";
import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

async function migrate(u: { username: string; password: string }): Promise<string> {
  const res = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
  return ((await res.json()) as any).migration.auth0_user_id as string;
}

it("lists both kinds of orphans, and --fix removes only links to deleted Auth0 users", async () => {
  const kept = await t.users.create();
  const keptId = await migrate(kept);
  const gone = await t.users.create();
  const goneId = await migrate(gone);
  const mgmt = new ManagementClient({ domain: t.emulator.domain, clientId: t.emulator.clientId, clientSecret: t.emulator.clientSecret, fetch: loopbackFetch, maxRetries: 0 });
  await mgmt.users.delete(goneId);

  const unlinked = await t.users.create();
  const ours = t.emulator.createUser({ email: unlinked.email!, password: unlinked.password, app_metadata: { legacy_id: unlinked.id } });
  const foreign = t.emulator.createUser({ email: "someone-else@example.com", password: "Foreign-Pass-1" });
  const ghost = t.emulator.createUser({ email: "ghost@example.com", password: "Ghost-Pass-1", app_metadata: { legacy_id: "987654" } });

  const reconciler = new Reconciler(t.testDb.db, t.app.gateway, t.app.users, t.app.logger);
  const report = await reconciler.run({ fix: false });
  expect(report.listing_complete).toBe(true);
  expect(report.links_checked).toBe(2);
  expect(report.links_without_auth0_user).toEqual([{ legacy_user_id: gone.id, auth0_user_id: goneId, fixed: false }]);
  const kinds = Object.fromEntries(report.auth0_users_without_link.map((o) => [o.auth0_user_id, o.kind]));
  expect(kinds).toEqual({ [ours.user_id]: "ours_unlinked", [foreign.user_id]: "foreign", [ghost.user_id]: "legacy_user_missing" });
  expect(kinds[keptId]).toBeUndefined();
  expect(await t.testDb.db("auth0_links").where({ legacy_user_id: gone.id }).first()).toBeDefined();

  const fixed = await reconciler.run({ fix: true });
  expect(fixed.fixed).toBe(1);
  expect(await t.testDb.db("auth0_links").where({ legacy_user_id: gone.id }).first()).toBeUndefined();
  // Nothing else was touched: every Auth0 user is still there.
  for (const id of [keptId, ours.user_id, foreign.user_id, ghost.user_id]) expect(t.emulator.getUser(id)).toBeDefined();

  // The unlinked user migrates again at the next login, to a new Auth0 user.
  const again = await migrate(gone);
  expect(again).not.toBe(goneId);
  expect(t.emulator.getUser(again)).toBeDefined();
  // And the orphan of our own heals through the 409 path at its user's next login.
  expect(await migrate(unlinked)).toBe(ours.user_id);
  expect((await reconciler.run({ fix: false })).links_without_auth0_user).toEqual([]);
});
