import { setAuth0Password } from "../support/emulatorAdmin";
import { CONNECTION, startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

beforeEach(async () => {
  t.emulator.clearFaults();
  // A 429 closes the fleet's Auth0 budget until Auth0's reset time; tests start with it open.
  await t.testDb.db("auth0_rate_budget").update({ blocked_until: null });
});

async function apiLogin(identifier: string, password: string) {
  const client = t.client();
  const res = await client.postJson("/api/login", { identifier, password });
  return { res, body: (await res.json()) as any, client };
}

async function linkRow(legacyId: string) {
  return t.testDb.db("auth0_links").where({ legacy_user_id: legacyId }).first();
}

async function stateRow(legacyId: string) {
  return t.testDb.db("auth0_migration_state").where({ legacy_user_id: legacyId }).first();
}

describe("first login of an unlinked user", () => {
  it("creates the Auth0 user with the verified password and records the link", async () => {
    const u = await t.users.create({ email: "Mixed.Case@Example.com" });
    const { res, body } = await apiLogin(u.username, u.password);
    expect(res.status).toBe(200);
    expect(body.user).toEqual({ id: u.id, username: u.username, email: "Mixed.Case@Example.com" });
    expect(body.migration.state).toBe("migrated");
    expect(body.migration.method).toBe("login");
    const created = t.emulator.getUser(body.migration.auth0_user_id);
    expect(created?.email).toBe("mixed.case@example.com");
    expect(created?.connection).toBe(CONNECTION);
    expect(created?.email_verified).toBe(false);
    expect(created?.app_metadata).toEqual({ legacy_id: u.id });
    expect(t.emulator.checkPassword(body.migration.auth0_user_id, u.password)).toBe(true);
    const link = await linkRow(u.id);
    expect(link.auth0_user_id).toBe(body.migration.auth0_user_id);
    expect(link.method).toBe("login");
    expect((await stateRow(u.id)).state).toBe("migrated");
  });

  it("logs in by email, case-insensitively", async () => {
    const u = await t.users.create({ email: "Case.Login@Example.com" });
    const { res, body } = await apiLogin("case.login@EXAMPLE.com", u.password);
    expect(res.status).toBe(200);
    expect(body.user.id).toBe(u.id);
  });

  it("refuses a wrong legacy password and calls no Auth0 API", async () => {
    const u = await t.users.create();
    const before = t.emulator.requests.length;
    const { res, body } = await apiLogin(u.username, "Not-The-Password-1");
    expect(res.status).toBe(401);
    expect(body).toEqual({ error: "invalid_credentials", message: expect.any(String) });
    expect(t.emulator.requests.length).toBe(before);
    expect(await linkRow(u.id)).toBeUndefined();
  });

  it("answers unknown, inactive and unusable-password users exactly like a wrong password", async () => {
    const inactive = await t.users.create({ isActive: false });
    const unusable = await t.users.create({ passwordHash: "!unusable-marker" });
    const garbage = await t.users.create({ passwordHash: "$2b$10$tooshort" });
    const wrong = await t.users.create();
    const answers = await Promise.all([
      apiLogin("nobody-at-all", "Whatever-Pass-1"),
      apiLogin(inactive.username, inactive.password),
      apiLogin(unusable.username, unusable.password),
      apiLogin(garbage.username, garbage.password),
      apiLogin(wrong.username, "Wrong-Pass-99"),
    ]);
    const reference = answers[4]!;
    for (const a of answers) {
      expect(a.res.status).toBe(401);
      expect(a.body).toEqual(reference.body);
    }
  });

  it("does not identify anyone by an email several users share", async () => {
    const a = await t.users.create({ email: "shared@example.com", password: "Shared-Pass-1" });
    await t.users.create({ email: "shared@example.com", password: "Shared-Pass-1" });
    expect((await apiLogin("shared@example.com", "Shared-Pass-1")).res.status).toBe(401);
    expect((await apiLogin(a.username, "Shared-Pass-1")).res.status).toBe(200);
  });

  it("counts an address as shared when it differs only by case and surrounding spaces", async () => {
    const a = await t.users.create({ email: "Padded@Example.com", password: "Padded-Pass-1" });
    await t.users.create({ email: "  padded@example.com ", password: "Padded-Pass-2" });
    const { res, body } = await apiLogin(a.username, "Padded-Pass-1");
    expect(res.status).toBe(200);
    expect(body.migration).toMatchObject({ state: "no_email" });
    expect(t.emulator.listUsers().filter((u) => u.email === "padded@example.com")).toEqual([]);
  });

  it("links an existing Auth0 account only when the same password opens it", async () => {
    const owner = await t.users.create({ email: "Owner@Example.com", password: "Owner-Pass-123" });
    const existing = t.emulator.createUser({ email: "owner@example.com", password: "Owner-Pass-123" });
    const { res, body } = await apiLogin(owner.username, owner.password);
    expect(res.status).toBe(200);
    expect(body.migration).toEqual({ state: "migrated", method: "linked_existing", auth0_user_id: existing.user_id });
    expect(t.emulator.listUsers().filter((u) => u.email === "owner@example.com")).toHaveLength(1);
  });

  it("records a conflict, and never overwrites, when the existing account's password differs", async () => {
    const victim = t.emulator.createUser({ email: "victim@example.com", password: "Victims-Own-Pass1" });
    const squatter = await t.users.create({ email: "victim@example.com", password: "Squatter-Pass-1" });
    const { res, body } = await apiLogin(squatter.username, squatter.password);
    expect(res.status).toBe(200);
    expect(body.migration.state).toBe("conflict");
    expect(body.migration.auth0_user_id).toBeNull();
    expect(await linkRow(squatter.id)).toBeUndefined();
    expect(t.emulator.checkPassword(victim.user_id, "Victims-Own-Pass1")).toBe(true);
    expect((await stateRow(squatter.id)).state).toBe("conflict");
  });

  it("logs in a user whose password Auth0's policy refuses, as weak_password", async () => {
    const u = await t.users.create({ password: "weakpass" });
    const { res, body } = await apiLogin(u.username, "weakpass");
    expect(res.status).toBe(200);
    expect(body.migration.state).toBe("weak_password");
    const state = await stateRow(u.id);
    expect(state.reason).toMatch(/PasswordStrengthError/);
    expect(t.emulator.listUsers().some((x) => x.email === u.email)).toBe(false);
  });

  it("records no_email for a user without a usable address", async () => {
    const u = await t.users.create({ email: null });
    const { res, body } = await apiLogin(u.username, u.password);
    expect(res.status).toBe(200);
    expect(body.migration.state).toBe("no_email");
  });

  it.each([
    ["5xx", { kind: "error_5xx" as const, status: 503 }],
    ["429", { kind: "rate_limit" as const, retryAfterSeconds: 30 }],
    ["connection reset", { kind: "reset" as const }],
  ])("logs in and stays pending on Auth0 %s, then migrates at the next login", async (_name, rule) => {
    const u = await t.users.create();
    t.emulator.setFaults({ rules: [{ ...rule, target: "management" }] });
    const first = await apiLogin(u.username, u.password);
    expect(first.res.status).toBe(200);
    expect(first.body.migration.state).toBe("pending");
    expect((await stateRow(u.id)).attempts).toBe(1);
    t.emulator.clearFaults();
    // Auth0's reset time passes (a 429 closed the fleet's budget until then).
    await t.testDb.db("auth0_rate_budget").update({ blocked_until: null });
    const second = await apiLogin(u.username, u.password);
    expect(second.body.migration.state).toBe("migrated");
    expect((await stateRow(u.id)).attempts).toBe(2);
  });

  it("bounds the Auth0 part of a login by AUTH0_TIMEOUT_MS when Auth0 hangs", async () => {
    const u = await t.users.create();
    t.emulator.setFaults({ rules: [{ kind: "hang", target: "management", hangMs: 20000 }] });
    const started = Date.now();
    const { res, body } = await apiLogin(u.username, u.password);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(body.migration.state).toBe("pending");
    expect((await stateRow(u.id)).reason).toBe("timeout");
    // Budget 1500 ms in these tests; the contract's ceiling is 5 s.
    expect(elapsed).toBeLessThan(5000);
  });

  it("heals a lost link: Auth0 created the user but the answer never came back", async () => {
    const u = await t.users.create();
    t.emulator.setFaults({ rules: [{ kind: "hang", target: "management", hangMs: 20000, commitBeforeHang: true, remaining: 1 }] });
    const first = await apiLogin(u.username, u.password);
    expect(first.res.status).toBe(200);
    expect(first.body.migration.state).toBe("pending");
    const orphan = t.emulator.listUsers().find((x) => x.app_metadata.legacy_id === u.id);
    expect(orphan).toBeDefined();
    t.emulator.clearFaults();
    const second = await apiLogin(u.username, u.password);
    expect(second.body.migration).toEqual({ state: "migrated", method: "login", auth0_user_id: orphan!.user_id });
    expect(t.emulator.listUsers().filter((x) => x.app_metadata.legacy_id === u.id)).toHaveLength(1);
  });

  it("creates at most one Auth0 user when one user logs in many times at once", async () => {
    const u = await t.users.create();
    t.emulator.setFaults({ latencyMs: 150 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => apiLogin(u.username, u.password)));
    for (const a of answers) expect(a.res.status).toBe(200);
    t.emulator.clearFaults();
    expect(t.emulator.listUsers().filter((x) => x.email === u.email)).toHaveLength(1);
    const links = await t.testDb.db("auth0_links").where({ legacy_user_id: u.id });
    expect(links).toHaveLength(1);
    // Logins that lost the race still succeed, and the next one reports the migration.
    expect((await apiLogin(u.username, u.password)).body.migration.state).toBe("migrated");
  });
});

describe("login of a linked (migrated) user", () => {
  async function migratedUser() {
    const u = await t.users.create();
    const { body } = await apiLogin(u.username, u.password);
    expect(body.migration.state).toBe("migrated");
    return { ...u, auth0Id: body.migration.auth0_user_id as string };
  }

  it("is verified by Auth0's password-realm grant with the end user's IP", async () => {
    const u = await migratedUser();
    const before = t.emulator.requests.length;
    const { res, body } = await apiLogin(u.username, u.password);
    expect(res.status).toBe(200);
    expect(body.migration).toEqual({ state: "migrated", method: "login", auth0_user_id: u.auth0Id });
    const grants = t.emulator.requests.slice(before).filter((r) => r.target === "password_grant");
    expect(grants).toHaveLength(1);
    expect(grants[0]?.forwardedFor).toBe("127.0.0.1");
  });

  it("treats Auth0 as the source of truth: the old legacy password no longer works", async () => {
    const u = await migratedUser();
    const response = await fetch(`${t.emulator.baseUrl}/__emulator/users`, {
      headers: { authorization: `Bearer ${t.emulator.clientSecret}` },
    });
    expect(response.status).toBe(200);
    // Change the password in Auth0 directly (as Universal Login's reset would).
    await setAuth0Password(t.emulator, u.auth0Id, "Changed-In-Auth0-1");
    expect((await apiLogin(u.username, u.password)).res.status).toBe(401);
    expect((await apiLogin(u.username, "Changed-In-Auth0-1")).res.status).toBe(200);
  });

  it("refuses a user Auth0 has blocked", async () => {
    const u = await migratedUser();
    t.emulator.setBlocked(u.auth0Id, true);
    const { res, body } = await apiLogin(u.username, u.password);
    expect(res.status).toBe(401);
    expect(body.error).toBe("invalid_credentials");
  });

  it("fails closed with 503 auth_unavailable when Auth0 is down (default policy deny)", async () => {
    const u = await migratedUser();
    t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "password_grant", status: 503 }] });
    const { res, body } = await apiLogin(u.username, u.password);
    expect(res.status).toBe(503);
    expect(body.error).toBe("auth_unavailable");
    expect(res.headers.get("retry-after")).toBeTruthy();
  });
});
