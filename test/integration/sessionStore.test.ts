import { migrateLatest } from "../../src/db/migrateLatest";
import { KnexSessionStore } from "../../src/web/KnexSessionStore";
import { createTestDb, type TestDb } from "../support/testDb";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await migrateLatest(t.db);
});

afterAll(async () => {
  await t.cleanup();
});

it("stores, expires, revokes per user and sweeps sessions", async () => {
  const store = new KnexSessionStore(t.db, 0);
  await store.set("a", { uid: "1", csrf: "x" }, 60_000);
  await store.set("b", { uid: "1" }, 60_000);
  await store.set("c", { uid: "2" }, 60_000);
  expect(await store.get("a")).toEqual({ uid: "1", csrf: "x" });
  await t.db("auth0_sessions").where({ sid: "c" }).update({ expires_at: new Date(Date.now() - 1000) });
  expect(await store.get("c")).toBeUndefined();
  expect(await store.destroyForUser("1")).toBe(2);
  expect(await store.get("a")).toBeUndefined();
  // The next write sweeps the expired row.
  await store.set("d", { uid: "3" }, 60_000);
  expect(await t.db("auth0_sessions").pluck("sid")).toEqual(["d"]);
});

it("ends a session past its absolute lifetime however recently it was renewed, and sweeps it", async () => {
  await t.db("auth0_sessions").delete();
  // Swept by hand below, not by the writes.
  const store = new KnexSessionStore(t.db, 3600 * 1000, 3600 * 1000);
  await store.set("old", { uid: "1" }, 8 * 3600 * 1000);
  await store.set("young", { uid: "2" }, 8 * 3600 * 1000);
  await t.db("auth0_sessions").where({ sid: "old" }).update({ created_at: t.db.raw("now() - interval '61 minutes'") });
  // Renewed just now (idle expiry hours away): still over, since it began over an hour ago.
  await store.set("old", { uid: "1", renewed: true }, 8 * 3600 * 1000);
  expect(await store.get("old")).toBeUndefined();
  expect(await store.get("young")).toEqual({ uid: "2" });
  expect(await store.prune()).toBe(1);
  expect(await t.db("auth0_sessions").pluck("sid")).toEqual(["young"]);
});
