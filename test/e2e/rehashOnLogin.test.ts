import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * LEGACY_REHASH_ON_LOGIN: after a right legacy password of an unlinked user, a weak legacy
 * hash is re-written in the write format (here bcrypt at the test cost 4), guarded against a
 * concurrent password change. Off by default.
 */
let on: TestApp;

beforeAll(async () => {
  on = await startTestApp({ env: { LEGACY_REHASH_ON_LOGIN: "true" } });
});

afterAll(async () => {
  await on.close();
});

async function storedHash(t: TestApp, id: string): Promise<string> {
  return (await t.testDb.db("users").where({ id }).first()).password;
}

async function login(t: TestApp, identifier: string, password: string): Promise<number> {
  const res = await t.client().postJson("/api/login", { identifier, password });
  await t.app.backend.drain();
  return res.status;
}

it("re-writes a weak legacy hash in the write format after a right password", async () => {
  const u = await on.users.create({ format: "md5" });
  expect(await storedHash(on, u.id)).toMatch(/^md5\$/);
  expect(await login(on, u.username, u.password)).toBe(200);
  const upgraded = await storedHash(on, u.id);
  expect(upgraded).toMatch(/^\$2[ab]\$04\$/);
  expect(await on.app.hashers.verify(u.password, upgraded)).toBe(true);
  expect(on.app.hashers.needsRehash(upgraded)).toBe(false);
});

it("leaves the hash alone after a wrong password", async () => {
  const u = await on.users.create({ format: "md5" });
  const before = await storedHash(on, u.id);
  expect(await login(on, u.username, `${u.password}-wrong`)).toBe(401);
  expect(await storedHash(on, u.id)).toBe(before);
});

it("leaves a hash already in the write format at its cost alone", async () => {
  const u = await on.users.create();
  const before = await storedHash(on, u.id);
  expect(await login(on, u.username, u.password)).toBe(200);
  expect(await storedHash(on, u.id)).toBe(before);
});

it("does not touch a linked user's hash: Auth0 is the source of truth", async () => {
  const u = await on.users.create();
  expect(await login(on, u.username, u.password)).toBe(200);
  expect(await on.app.migrations.getLink(u.id)).not.toBeNull();
  const weak = "md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3";
  await on.testDb.db("users").where({ id: u.id }).update({ password: weak });
  expect(await login(on, u.username, u.password)).toBe(200);
  expect(await storedHash(on, u.id)).toBe(weak);
});

it("never overwrites a password changed between the check and the write", async () => {
  const u = await on.users.create({ format: "md5" });
  const verified = await storedHash(on, u.id);
  const reset = await on.app.hashers.encode("Reset-In-Between-1");
  await on.testDb.db("users").where({ id: u.id }).update({ password: reset });
  expect(await on.app.users.replacePasswordHash(u.id, verified, await on.app.hashers.encode(u.password))).toBe(false);
  expect(await storedHash(on, u.id)).toBe(reset);
  expect(await on.app.users.replacePasswordHash(u.id, reset, "$2b$04$replaced")).toBe(true);
});

it("is off by default", async () => {
  const off = await startTestApp();
  try {
    const u = await off.users.create({ format: "md5" });
    const before = await storedHash(off, u.id);
    expect(await login(off, u.username, u.password)).toBe(200);
    expect(await storedHash(off, u.id)).toBe(before);
  } finally {
    await off.close();
  }
});
