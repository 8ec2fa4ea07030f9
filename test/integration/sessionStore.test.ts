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
