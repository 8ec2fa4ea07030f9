import { Deadline } from "../../src/auth0/Deadline";
import { seriesValue } from "../support/prometheusText";
import { startTestApp, type TestApp } from "../support/startTestApp";

const KEY_A = "backend-key-A-0123456789abcdefghijklmnopqrstuv";
const KEY_B = "backend-key-B-0123456789abcdefghijklmnopqrstuv";
const WRONG = "backend-key-X-0123456789abcdefghijklmnopqrstuv";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { BACKEND_API_KEYS: `${KEY_A}, ${KEY_B}` } });
});

afterAll(async () => {
  await t.close();
});

beforeEach(() => {
  t.emulator.clearFaults();
});

function call(method: "GET" | "POST", path: string, body?: unknown, key: string | null = KEY_A, headers: Record<string, string> = {}) {
  return t.client().request(method, path, {
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...headers,
    },
  });
}

async function authenticate(identifier: string, password: string, clientIp = "198.51.100.7", key: string | null = KEY_A) {
  const res = await call("POST", "/api/backend/authenticate", { identifier, password, client_ip: clientIp }, key);
  return { res, body: (await res.json()) as any };
}

async function setPassword(id: string, password: string) {
  const res = await call("POST", `/api/backend/users/${id}/password`, { password });
  return { res, body: (await res.json()) as any };
}

async function legacyHash(id: string): Promise<string> {
  return (await t.testDb.db("users").where({ id }).first()).password;
}

async function link(id: string): Promise<{ auth0_user_id: string; method: string } | undefined> {
  return t.testDb.db("auth0_links").where({ legacy_user_id: id }).first();
}

async function unauthorizedCount(): Promise<number> {
  return seriesValue(await (await t.client().get("/metrics")).text(), "auth0_migrate_backend_api_unauthorized_total");
}

describe("keys", () => {
  it("refuses a missing or wrong key with 401, counts it, and never logs it", async () => {
    const u = await t.users.create();
    const before = await unauthorizedCount();
    for (const key of [null, WRONG, KEY_A.slice(0, -1), `${KEY_A}x`]) {
      const { res, body } = await authenticate(u.username, u.password, "198.51.100.7", key);
      expect(res.status).toBe(401);
      expect(body.error).toBe("invalid_api_key");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    const basic = await call("GET", `/api/backend/users/${u.id}`, undefined, null, { authorization: `Basic ${Buffer.from(`x:${KEY_A}`).toString("base64")}` });
    expect(basic.status).toBe(401);
    expect(await unauthorizedCount()).toBe(before + 5);
    // Refused calls did nothing: the user is not migrated.
    expect(await link(u.id)).toBeUndefined();
    const logs = t.logs.join("");
    expect(logs).not.toContain(WRONG);
    expect(logs).not.toContain(KEY_A);
    expect(logs).not.toContain(KEY_A.slice(0, -1));
  });

  it("accepts every configured key (rotation)", async () => {
    const u = await t.users.create();
    expect((await call("GET", `/api/backend/users/${u.id}`, undefined, KEY_A)).status).toBe(200);
    expect((await call("GET", `/api/backend/users/${u.id}`, undefined, KEY_B)).status).toBe(200);
  });

  it("needs no Origin or CSRF token, but a key: a cross-site Origin with the key passes, the site's own without it does not", async () => {
    const u = await t.users.create();
    const withKey = await call("POST", "/api/backend/authenticate", { identifier: u.username, password: u.password, client_ip: "198.51.100.8" }, KEY_A, {
      origin: "https://elsewhere.example",
    });
    expect(withKey.status).toBe(200);
    const without = await call("POST", "/api/backend/authenticate", { identifier: u.username, password: u.password, client_ip: "198.51.100.8" }, null, {
      origin: "http://localhost:3000",
    });
    expect(without.status).toBe(401);
  });

  it("routes are case-sensitive: a case-shifted path is not the backend API", async () => {
    const u = await t.users.create();
    const res = await call("GET", `/API/backend/users/${u.id}`);
    expect(res.status).not.toBe(200);
  });
});

describe("POST /api/backend/authenticate", () => {
  it("logs an unlinked user in and migrates them, sets no cookie, and forwards the end user's IP", async () => {
    const u = await t.users.create();
    const { res, body } = await authenticate(u.username, u.password, "198.51.100.9");
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(body.user).toEqual({ id: u.id, username: u.username, email: u.email });
    expect(body.migration).toMatchObject({ state: "migrated", method: "login" });
    const seq = t.emulator.lastRequestSeq;
    const again = await authenticate(u.email!, u.password, "198.51.100.9");
    expect(again.res.status).toBe(200);
    expect(again.res.headers.getSetCookie()).toEqual([]);
    const grants = t.emulator.requestsSince(seq).filter((r) => r.target === "password_grant");
    expect(grants.map((g) => g.forwardedFor)).toEqual(["198.51.100.9"]);
  });

  it("answers 401 invalid_credentials alike for a wrong password and an unknown user, without a cookie", async () => {
    const u = await t.users.create();
    const wrong = await authenticate(u.username, "Wrong-Password-1");
    const unknown = await authenticate("nobody-at-all", "Wrong-Password-1");
    for (const r of [wrong, unknown]) {
      expect(r.res.status).toBe(401);
      expect(r.res.headers.getSetCookie()).toEqual([]);
    }
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toBe("invalid_credentials");
  });

  it("refuses a linked user's password that Auth0 refuses, though the legacy hash still matches", async () => {
    const u = await t.users.create();
    expect((await authenticate(u.username, u.password)).res.status).toBe(200);
    const auth0Id = (await link(u.id))!.auth0_user_id;
    // The password changed in Auth0 behind the service: the legacy hash is stale.
    const hash = await legacyHash(u.id);
    await t.app.gateway.updatePassword(auth0Id, "Changed-In-Auth0-9", new Deadline(5000));
    expect(await legacyHash(u.id)).toBe(hash);
    expect((await authenticate(u.username, u.password)).res.status).toBe(401);
  });

  it("needs client_ip, and an IP address in it", async () => {
    const u = await t.users.create();
    const missing = await call("POST", "/api/backend/authenticate", { identifier: u.username, password: u.password });
    expect(missing.status).toBe(400);
    for (const bad of ["not-an-ip", "", "1.2.3", "1.2.3.4, 5.6.7.8", "fe80::1%eth0", "x".repeat(100)]) {
      const { res, body } = await authenticate(u.username, u.password, bad);
      expect(res.status).toBe(400);
      expect(body.error).toBe("invalid_client_ip");
    }
    expect(await link(u.id)).toBeUndefined();
  });

  it("refuses a compressed body (valid or not) with 415, as every other route does, never a 5xx", async () => {
    const json = JSON.stringify({ identifier: "a", password: "b", client_ip: "1.2.3.4" });
    for (const [encoding, body] of [
      ["gzip", "not gzip at all"],
      ["deflate", "\u0000\u0001garbage"],
      ["br", json],
      ["x-unknown", json],
    ] as const) {
      const res = await t.client().request("POST", "/api/backend/authenticate", {
        body,
        headers: { authorization: `Bearer ${KEY_A}`, "content-type": "application/json", "content-encoding": encoding },
      });
      expect({ encoding, status: res.status }).toEqual({ encoding, status: 415 });
    }
  });

  it("refuses a body that is not JSON with 415", async () => {
    const res = await t.client().request("POST", "/api/backend/authenticate", {
      body: "identifier=a&password=b&client_ip=1.2.3.4",
      headers: { authorization: `Bearer ${KEY_A}`, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
  });

  it("throttles per end user: one client_ip is refused (even the right password), another behind the same server is not", async () => {
    const u = await t.users.create();
    for (let i = 0; i < 10; i++) expect((await authenticate(u.username, `Wrong-${i}`, "203.0.113.10")).res.status).toBe(401);
    const throttled = await authenticate(u.username, u.password, "203.0.113.10");
    expect(throttled.res.status).toBe(429);
    expect(throttled.body.error).toBe("too_many_attempts");
    expect(Number(throttled.res.headers.get("retry-after"))).toBeGreaterThan(0);
    // The same address in another spelling is the same end user.
    expect((await authenticate(u.username, u.password, "::ffff:203.0.113.10")).res.status).toBe(429);
    expect((await authenticate(u.username, u.password, "203.0.113.11")).res.status).toBe(200);
  });

  it("fails closed with 503 when Auth0 is down for a linked user", async () => {
    const u = await t.users.create();
    expect((await authenticate(u.username, u.password)).res.status).toBe(200);
    t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "password_grant" }] });
    const { res, body } = await authenticate(u.username, u.password);
    expect(res.status).toBe(503);
    expect(body.error).toBe("auth_unavailable");
  });
});

describe("GET /api/backend/users/:id", () => {
  it("answers the user and their migration; 404 for an unknown or malformed id", async () => {
    const u = await t.users.create();
    const before = await call("GET", `/api/backend/users/${u.id}`);
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({
      user: { id: u.id, username: u.username, email: u.email, is_active: true },
      migration: { state: "not_started", method: null, auth0_user_id: null },
    });
    await authenticate(u.username, u.password);
    const after = (await (await call("GET", `/api/backend/users/${u.id}`)).json()) as any;
    expect(after.migration).toMatchObject({ state: "migrated", method: "login" });
    for (const id of ["999999", "abc", "1%27%20or%201=1"]) {
      const res = await call("GET", `/api/backend/users/${id}`);
      expect(res.status).toBe(404);
    }
  });
});

describe("POST /api/backend/users/:id/password", () => {
  it("creates and links an unlinked user (method password_change), writes the legacy hash, and ends their sessions", async () => {
    const u = await t.users.create();
    const session = t.client();
    expect((await session.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
    // /api/login migrated the user; a fresh unlinked one shows the password_change method.
    const fresh = await t.users.create();
    const { res, body } = await setPassword(fresh.id, "Changed-Pass-21");
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(body.migration).toMatchObject({ state: "migrated", method: "password_change" });
    const l = (await link(fresh.id))!;
    expect(l.method).toBe("password_change");
    expect(t.emulator.checkPassword(l.auth0_user_id, "Changed-Pass-21")).toBe(true);
    expect(await t.app.hashers.verify("Changed-Pass-21", await legacyHash(fresh.id))).toBe(true);

    expect((await setPassword(u.id, "Changed-Pass-22")).res.status).toBe(200);
    expect((await session.get("/api/me")).status).toBe(401);
    expect((await authenticate(u.username, u.password)).res.status).toBe(401);
    expect((await authenticate(u.username, "Changed-Pass-22")).res.status).toBe(200);
  });

  it("updates a linked user's Auth0 password first, then the legacy hash", async () => {
    const u = await t.users.create();
    expect((await authenticate(u.username, u.password)).res.status).toBe(200);
    const l = (await link(u.id))!;
    expect((await setPassword(u.id, "Linked-Change-23")).res.status).toBe(200);
    expect(t.emulator.checkPassword(l.auth0_user_id, "Linked-Change-23")).toBe(true);
    expect(await t.app.hashers.verify("Linked-Change-23", await legacyHash(u.id))).toBe(true);
    expect((await link(u.id))!.method).toBe("login");
  });

  it("answers 400 password_rejected with Auth0's reason in plain words, and changes neither store", async () => {
    const u = await t.users.create();
    const hash = await legacyHash(u.id);
    const { res, body } = await setPassword(u.id, "short");
    expect(res.status).toBe(400);
    expect(body.error).toBe("password_rejected");
    expect(body.message).toMatch(/too weak/);
    expect(await legacyHash(u.id)).toBe(hash);
    expect(await link(u.id)).toBeUndefined();
  });

  it("refuses a password bcrypt would cut, before Auth0 is asked", async () => {
    const u = await t.users.create();
    const seq = t.emulator.lastRequestSeq;
    const { res, body } = await setPassword(u.id, `Aa1-${"z".repeat(69)}`);
    expect(res.status).toBe(400);
    expect(body.message).toMatch(/at most 72 bytes/);
    expect(t.emulator.requestsSince(seq)).toHaveLength(0);
  });

  it("answers 503 and changes neither store when Auth0 is down", async () => {
    const linked = await t.users.create();
    expect((await authenticate(linked.username, linked.password)).res.status).toBe(200);
    const l = (await link(linked.id))!;
    const unlinked = await t.users.create();
    const hashes = [await legacyHash(linked.id), await legacyHash(unlinked.id)];
    t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "management" }] });
    for (const id of [linked.id, unlinked.id]) {
      const { res, body } = await setPassword(id, "Outage-Change-24");
      expect(res.status).toBe(503);
      expect(body.error).toBe("auth_unavailable");
    }
    t.emulator.clearFaults();
    expect([await legacyHash(linked.id), await legacyHash(unlinked.id)]).toEqual(hashes);
    expect(t.emulator.checkPassword(l.auth0_user_id, linked.password)).toBe(true);
    expect(await link(unlinked.id)).toBeUndefined();
  });

  it("runs two concurrent changes of one user one after the other: both stores end with the same password", async () => {
    const u = await t.users.create();
    expect((await authenticate(u.username, u.password)).res.status).toBe(200);
    const l = (await link(u.id))!;
    t.emulator.setFaults({ latencyMs: 300 });
    const answers = await Promise.all([setPassword(u.id, "Concurrent-A-28"), setPassword(u.id, "Concurrent-B-29")]);
    t.emulator.clearFaults();
    expect(answers.map((a) => a.res.status)).toEqual([200, 200]);
    const inAuth0 = ["Concurrent-A-28", "Concurrent-B-29"].filter((p) => t.emulator.checkPassword(l.auth0_user_id, p));
    expect(inAuth0).toHaveLength(1);
    expect(await t.app.hashers.verify(inAuth0[0]!, await legacyHash(u.id))).toBe(true);
  });

  it("answers 404 for an unknown or inactive user", async () => {
    const inactive = await t.users.create({ isActive: false });
    expect((await setPassword("999999", "Nobody-Pass-25")).res.status).toBe(404);
    expect((await setPassword(inactive.id, "Nobody-Pass-25")).res.status).toBe(404);
  });
});

describe("without BACKEND_API_KEYS", () => {
  it("answers 404 on every backend route, whatever key is sent", async () => {
    const bare = await startTestApp();
    try {
      const u = await bare.users.create();
      const client = bare.client();
      const headers = { authorization: `Bearer ${KEY_A}`, "content-type": "application/json" };
      const auth = await client.request("POST", "/api/backend/authenticate", {
        body: JSON.stringify({ identifier: u.username, password: u.password, client_ip: "198.51.100.7" }),
        headers,
      });
      expect(auth.status).toBe(404);
      expect((await client.get(`/api/backend/users/${u.id}`, headers)).status).toBe(404);
      const set = await client.request("POST", `/api/backend/users/${u.id}/password`, { body: JSON.stringify({ password: "Never-Set-26" }), headers });
      expect(set.status).toBe(404);
      expect(await bare.testDb.db("auth0_links").where({ legacy_user_id: u.id }).first()).toBeUndefined();
    } finally {
      await bare.close();
    }
  });
});

describe("hostile input", () => {
  const VALUES: unknown[] = ["", " ", "\u0000", "x".repeat(5000), "😀".repeat(300), "' OR 1=1 --", "\ud800", "::1", "1.2.3.4", 0, -1, true, null, [], ["a"], {}, { $ne: null }];
  const IDS = ["0", "-1", "1e308", "%00", "%2e%2e", "x".repeat(300), "%F0%9F%98%80", "1%20or%201=1", "999999999999999999999999"];

  it("answers every malformed call with a 4xx, never a 5xx", async () => {
    const u = await t.users.create();
    const logsBefore = t.logs.length;
    const statuses = new Set<number>();
    for (const [i, value] of VALUES.entries()) {
      const other = VALUES[(i * 7 + 3) % VALUES.length];
      for (const body of [
        { identifier: value, password: other, client_ip: "198.51.100.99" },
        { identifier: u.username, password: value, client_ip: other },
        { identifier: value, password: value, client_ip: value },
      ]) {
        statuses.add((await call("POST", "/api/backend/authenticate", body)).status);
      }
      statuses.add((await call("POST", `/api/backend/users/${u.id}/password`, { password: value })).status);
    }
    for (const raw of ["[", '{"password":', "null", '"s"', "{}".repeat(9000)]) {
      const res = await t.client().request("POST", "/api/backend/authenticate", {
        body: raw,
        headers: { authorization: `Bearer ${KEY_A}`, "content-type": "application/json" },
      });
      statuses.add(res.status);
    }
    for (const id of IDS) {
      statuses.add((await call("GET", `/api/backend/users/${id}`)).status);
      statuses.add((await call("POST", `/api/backend/users/${id}/password`, { password: "Hostile-Pass-27" })).status);
    }
    expect([...statuses].filter((s) => s >= 500)).toEqual([]);
    expect(t.logs.slice(logsBefore).filter((l) => l.includes('"request failed"'))).toEqual([]);
    expect(statuses.has(400)).toBe(true);
  });
});
