import type { HttpClient } from "../support/HttpClient";
import { startTestApp, type TestApp } from "../support/startTestApp";

// A user who works only in the application reaches the service through /auth/verify alone: that
// use keeps the session from idling out (8 hours), within SESSION_MAX_AGE. Time passes by moving
// the session's timestamps in the database and the injected clock past the verify cache (5 s).

const CACHE_MS = 5_000;
const HOUR_S = 3600;

let t: TestApp;
let now = Date.now();
let sessionUpdates = 0;

beforeAll(async () => {
  t = await startTestApp({ clock: () => now, env: { SESSION_MAX_AGE: String(24 * HOUR_S) } });
  t.testDb.db.on("query", (q: { sql: string }) => {
    if (/^update "auth0_sessions"/i.test(q.sql)) sessionUpdates += 1;
  });
});

afterAll(async () => {
  await t.close();
});

async function loggedIn(): Promise<{ client: HttpClient; userId: string; login: Response }> {
  const user = await t.users.create();
  const client = t.client();
  const login = await client.loginForm(user.username, user.password);
  expect(login.status).toBe(303);
  return { client, userId: user.id, login };
}

/** The session's row, to move its timestamps (`now()` is the database's). */
function sessionOf(userId: string) {
  return t.testDb.db("auth0_sessions").whereRaw("data->>'uid' = ?", [userId]);
}

async function secondsLeft(userId: string): Promise<number> {
  const row = await sessionOf(userId).first(t.testDb.db.raw("extract(epoch from expires_at - now())::float8 as left"));
  return Number(row.left);
}

async function expiresAt(userId: string): Promise<string> {
  const row = await sessionOf(userId).first(t.testDb.db.raw("expires_at::text as at"));
  return String(row.at);
}

/** Past the verify cache: the database decides. */
async function verify(client: HttpClient): Promise<number> {
  now += CACHE_MS + 1;
  return (await client.get("/auth/verify")).status;
}

it("keeps the cookie for SESSION_MAX_AGE in the browser and the idle lifetime on the server", async () => {
  const { login, userId } = await loggedIn();
  const cookie = login.headers.getSetCookie().find((line) => line.startsWith("auth0_migrate_sid="));
  const expires = /expires=([^;]+)/i.exec(cookie ?? "")?.[1];
  expect(expires).toBeDefined();
  // 24 hours, not the 8 of the idle lifetime: a browser that only talks to the application keeps it.
  expect(new Date(expires!).getTime()).toBeGreaterThan(Date.now() + 23 * HOUR_S * 1000);
  const left = await secondsLeft(userId);
  expect(left).toBeGreaterThan(8 * HOUR_S - 600);
  expect(left).toBeLessThanOrEqual(8 * HOUR_S);
});

it("keeps an active user of the application verified past the idle expiry of the login", async () => {
  const { client, userId } = await loggedIn();
  // The login 7 h 59 min ago, nothing but the application since: a minute of the idle lifetime left.
  await sessionOf(userId).update({ created_at: t.testDb.db.raw("now() - interval '7 hours 59 minutes'"), expires_at: t.testDb.db.raw("now() + interval '1 minute'") });
  expect(await verify(client)).toBe(200);
  expect(await secondsLeft(userId)).toBeGreaterThan(8 * HOUR_S - 600);

  // Two minutes later the login's idle expiry is past; the session stands.
  await sessionOf(userId).update({ created_at: t.testDb.db.raw("created_at - interval '2 minutes'"), expires_at: t.testDb.db.raw("expires_at - interval '2 minutes'") });
  expect(await verify(client)).toBe(200);
  // The service's own pages agree.
  expect((await client.get("/api/me")).status).toBe(200);
});

it("still ends the session of a user idle for the idle lifetime", async () => {
  const { client, userId } = await loggedIn();
  expect(await verify(client)).toBe(200);
  // Eight hours without a request: the idle expiry is past.
  await sessionOf(userId).update({ created_at: t.testDb.db.raw("now() - interval '8 hours 1 minute'"), expires_at: t.testDb.db.raw("now() - interval '1 second'") });
  expect(await verify(client)).toBe(401);
  expect((await client.get("/api/me")).status).toBe(401);
});

it("never extends a session past SESSION_MAX_AGE after its login", async () => {
  const { client, userId } = await loggedIn();
  await sessionOf(userId).update({ created_at: t.testDb.db.raw("now() - interval '23 hours 50 minutes'"), expires_at: t.testDb.db.raw("now() + interval '1 minute'") });
  expect(await verify(client)).toBe(200);
  // Extended to the absolute end (10 minutes away), not 8 hours.
  const capped = await sessionOf(userId).first(t.testDb.db.raw("expires_at = created_at + interval '24 hours' as capped"));
  expect(capped.capped).toBe(true);

  await sessionOf(userId).update({ created_at: t.testDb.db.raw("now() - interval '24 hours 1 minute'") });
  expect(await verify(client)).toBe(401);
});

it("writes the extension at most once a minute per session, not per request", async () => {
  const { client, userId } = await loggedIn();
  await sessionOf(userId).update({ expires_at: t.testDb.db.raw("now() + interval '1 minute'") });
  const before = sessionUpdates;
  expect(await verify(client)).toBe(200);
  expect(sessionUpdates - before).toBe(1);
  const extended = await expiresAt(userId);

  // Within the minute: every verify reads the session from the database, none writes it.
  for (let i = 0; i < 5; i += 1) expect(await verify(client)).toBe(200);
  expect(sessionUpdates - before).toBe(1);
  expect(await expiresAt(userId)).toBe(extended);

  // Half a minute of the idle lifetime used: still no write.
  await sessionOf(userId).update({ expires_at: t.testDb.db.raw("now() + interval '8 hours' - interval '30 seconds'") });
  const halfMinute = await expiresAt(userId);
  expect(await verify(client)).toBe(200);
  expect(await expiresAt(userId)).toBe(halfMinute);

  // Two minutes used: written again.
  await sessionOf(userId).update({ expires_at: t.testDb.db.raw("now() + interval '8 hours' - interval '2 minutes'") });
  const twoMinutes = await expiresAt(userId);
  expect(await verify(client)).toBe(200);
  expect(await expiresAt(userId)).not.toBe(twoMinutes);
  expect(await secondsLeft(userId)).toBeGreaterThan(8 * HOUR_S - 60);
});
