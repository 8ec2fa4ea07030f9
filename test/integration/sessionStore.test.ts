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

it("extends the idle expiry on use with one conditional write per minute, never past the absolute end", async () => {
  await t.db("auth0_sessions").delete();
  const store = new KnexSessionStore(t.db, 3600 * 1000, 12 * 3600 * 1000, { idleMs: 8 * 3600 * 1000, touchEveryMs: 60 * 1000 });
  let updates = 0;
  const count = (q: { sql: string }): void => {
    if (/^update "auth0_sessions"/i.test(q.sql)) updates += 1;
  };
  const expiry = async (): Promise<{ at: string; left: number; capped: boolean }> =>
    t.db("auth0_sessions")
      .where({ sid: "s" })
      .first(t.db.raw("expires_at::text as at, extract(epoch from expires_at - now())::float8 as left, expires_at = created_at + interval '12 hours' as capped"));
  await store.set("s", { uid: "1" }, 8 * 3600 * 1000);
  t.db.on("query", count);
  try {
    // Just written: a read does not write.
    expect(await store.get("s")).toEqual({ uid: "1" });
    expect(updates).toBe(0);

    // A minute of the idle lifetime left: the read moves it to 8 hours, once.
    await t.db("auth0_sessions").where({ sid: "s" }).update({ expires_at: t.db.raw("now() + interval '1 minute'") });
    updates = 0;
    expect(await store.get("s")).toEqual({ uid: "1" });
    expect(updates).toBe(1);
    const extended = await expiry();
    expect(extended.left).toBeGreaterThan(8 * 3600 - 60);
    expect(await store.get("s")).toEqual({ uid: "1" });
    expect(updates).toBe(1);
    expect((await expiry()).at).toBe(extended.at);

    // Near the absolute end: extended only to it, and then never written again.
    await t.db("auth0_sessions").where({ sid: "s" }).update({ created_at: t.db.raw("now() - interval '11 hours'"), expires_at: t.db.raw("now() + interval '1 minute'") });
    updates = 0;
    expect(await store.get("s")).toEqual({ uid: "1" });
    expect(await store.get("s")).toEqual({ uid: "1" });
    expect(updates).toBe(1);
    expect((await expiry()).capped).toBe(true);

    // Idle past its expiry: gone, and nothing written.
    await t.db("auth0_sessions").where({ sid: "s" }).update({ expires_at: t.db.raw("now() - interval '1 second'") });
    updates = 0;
    expect(await store.get("s")).toBeUndefined();
    expect(updates).toBe(0);
  } finally {
    t.db.off("query", count);
  }
});
