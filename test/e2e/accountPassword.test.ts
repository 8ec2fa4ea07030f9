import { HttpClient } from "../support/HttpClient";
import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

beforeEach(() => {
  t.emulator.clearFaults();
});

async function legacyHash(id: string): Promise<string> {
  return (await t.testDb.db("users").where({ id }).first()).password;
}

async function stateOf(id: string): Promise<string | undefined> {
  return (await t.testDb.db("auth0_migration_state").where({ legacy_user_id: id }).first())?.state;
}

async function linkOf(id: string): Promise<{ auth0_user_id: string; method: string } | undefined> {
  return t.testDb.db("auth0_links").where({ legacy_user_id: id }).first();
}

/** Logs in through the HTML form; returns the client and where the login sent it. */
async function formLogin(identifier: string, password: string, next?: string): Promise<{ client: HttpClient; location: string | null }> {
  const client = t.client();
  const csrf = await client.csrfFrom(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  const res = await client.postForm("/login", { identifier, password, _csrf: csrf, ...(next ? { next } : {}) });
  expect(res.status).toBe(303);
  return { client, location: res.headers.get("location") };
}

async function apiLogin(identifier: string, password: string): Promise<HttpClient> {
  const client = t.client();
  expect((await client.postJson("/api/login", { identifier, password })).status).toBe(200);
  return client;
}

async function changeByForm(client: HttpClient, password: string, confirm = password): Promise<Response> {
  const csrf = await client.csrfFrom("/account/password");
  return client.postForm("/account/password", { password, password_confirm: confirm, _csrf: csrf });
}

describe("a weak_password user", () => {
  it("is sent from the login to /account/password, told why, and migrates with the new password (method password_change)", async () => {
    const u = await t.users.create({ password: "weakpass" });
    const { client, location } = await formLogin(u.username, "weakpass", "/somewhere");
    expect(location).toBe(`/account/password?next=${encodeURIComponent("/somewhere")}`);
    expect(await stateOf(u.id)).toBe("weak_password");

    const page = await client.get(location!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="weak-password-notice"');
    // The emulator's connection says "good": the page states it before anything is typed.
    expect(html).toContain("at least 8 characters and must contain at least 3 of these 4");
    expect(html).toContain('name="next" value="/somewhere"');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await client.postForm("/account/password", { password: "Stronger-Pass-1", password_confirm: "Stronger-Pass-1", _csrf: csrf, next: "/somewhere" });
    expect(res.status).toBe(200);
    const done = await res.text();
    expect(done).toContain("your account has moved to the new login system");
    expect(done).toContain('href="/somewhere"');

    const link = await linkOf(u.id);
    expect(link?.method).toBe("password_change");
    expect(t.emulator.checkPassword(link!.auth0_user_id, "Stronger-Pass-1")).toBe(true);
    expect(await t.app.hashers.verify("Stronger-Pass-1", await legacyHash(u.id))).toBe(true);
    // The session that changed the password is still logged in.
    expect((await client.get("/api/me")).status).toBe(200);
    expect((await t.client().postJson("/api/login", { identifier: u.username, password: "Stronger-Pass-1" })).status).toBe(200);
    expect((await t.client().postJson("/api/login", { identifier: u.username, password: "weakpass" })).status).toBe(401);
  });

  it("is told when the new password is refused too, and nothing changes", async () => {
    const u = await t.users.create({ password: "weakpass" });
    const { client } = await formLogin(u.username, "weakpass");
    const hash = await legacyHash(u.id);
    const res = await changeByForm(client, "alsoweak");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("This password is too weak");
    expect(html).toContain('id="weak-password-notice"');
    expect(await legacyHash(u.id)).toBe(hash);
    expect(await linkOf(u.id)).toBeUndefined();
    expect(await stateOf(u.id)).toBe("weak_password");
  });
});

describe("any logged-in user", () => {
  it("a linked user changes the password in both stores; other sessions end, this one stays", async () => {
    const u = await t.users.create();
    const other = await apiLogin(u.username, u.password);
    const { client, location } = await formLogin(u.username, u.password);
    expect(location).toBe("/");
    const link = await linkOf(u.id);
    expect(link?.method).toBe("login");

    const res = await changeByForm(client, "Changed-Pass-2");
    expect(res.status).toBe(200);
    expect(t.emulator.checkPassword(link!.auth0_user_id, "Changed-Pass-2")).toBe(true);
    expect(await t.app.hashers.verify("Changed-Pass-2", await legacyHash(u.id))).toBe(true);
    expect((await other.get("/api/me")).status).toBe(401);
    expect((await client.get("/api/me")).status).toBe(200);
    // The re-issued session has a CSRF token of its own and keeps working for forms.
    expect((await changeByForm(client, "Changed-Pass-3")).status).toBe(200);
  });

  it("gets the form again with Auth0's reason when the policy refuses; both stores unchanged", async () => {
    const u = await t.users.create();
    const { client } = await formLogin(u.username, u.password);
    const link = await linkOf(u.id);
    const hash = await legacyHash(u.id);
    const res = await changeByForm(client, "short");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("This password is too weak");
    expect(html).toContain('name="password_confirm"');
    expect(await legacyHash(u.id)).toBe(hash);
    expect(t.emulator.checkPassword(link!.auth0_user_id, u.password)).toBe(true);
  });

  it("is told to try again when Auth0 is down; both stores unchanged, sessions kept", async () => {
    const u = await t.users.create();
    const other = await apiLogin(u.username, u.password);
    const { client } = await formLogin(u.username, u.password);
    const link = await linkOf(u.id);
    const hash = await legacyHash(u.id);
    const csrf = await client.csrfFrom("/account/password");
    t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "management" }] });
    const res = await client.postForm("/account/password", { password: "Outage-Pass-4", password_confirm: "Outage-Pass-4", _csrf: csrf });
    t.emulator.clearFaults();
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("Please try again in a few minutes");
    expect(await legacyHash(u.id)).toBe(hash);
    expect(t.emulator.checkPassword(link!.auth0_user_id, u.password)).toBe(true);
    expect((await other.get("/api/me")).status).toBe(200);
  });

  it("needs the two passwords to match and the CSRF token", async () => {
    const u = await t.users.create();
    const { client } = await formLogin(u.username, u.password);
    const hash = await legacyHash(u.id);
    expect((await changeByForm(client, "Match-Pass-5", "Other-Pass-5")).status).toBe(400);
    expect((await client.postForm("/account/password", { password: "Csrf-Pass-6", password_confirm: "Csrf-Pass-6" })).status).toBe(403);
    expect((await client.postForm("/account/password", { password: "Csrf-Pass-6", password_confirm: "Csrf-Pass-6", _csrf: "forged" })).status).toBe(403);
    expect(await legacyHash(u.id)).toBe(hash);
  });

  it("is sent to log in when anonymous", async () => {
    const res = await t.client().get("/account/password");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Faccount%2Fpassword");
  });
});

describe("POST /api/account/password", () => {
  it("migrates a weak_password user and keeps the caller's session", async () => {
    const u = await t.users.create({ password: "weakpass" });
    const client = await apiLogin(u.username, "weakpass");
    const other = await apiLogin(u.username, "weakpass");
    const res = await client.postJson("/api/account/password", { password: "Api-Strong-Pass-7" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { migration: { state: string; method: string; auth0_user_id: string } };
    expect(body.migration.state).toBe("migrated");
    expect(body.migration.method).toBe("password_change");
    expect(t.emulator.checkPassword(body.migration.auth0_user_id, "Api-Strong-Pass-7")).toBe(true);
    expect(await t.app.hashers.verify("Api-Strong-Pass-7", await legacyHash(u.id))).toBe(true);
    expect((await client.get("/api/me")).status).toBe(200);
    expect((await other.get("/api/me")).status).toBe(401);
  });

  it("answers 400 password_rejected and 503 auth_unavailable, changing nothing", async () => {
    const u = await t.users.create();
    const client = await apiLogin(u.username, u.password);
    const link = await linkOf(u.id);
    const hash = await legacyHash(u.id);
    const refused = await client.postJson("/api/account/password", { password: "short" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe("password_rejected");
    t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "management" }] });
    const down = await client.postJson("/api/account/password", { password: "Down-Pass-8" });
    t.emulator.clearFaults();
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: string }).error).toBe("auth_unavailable");
    expect(await legacyHash(u.id)).toBe(hash);
    expect(t.emulator.checkPassword(link!.auth0_user_id, u.password)).toBe(true);
  });

  it("answers 401 without a session, and refuses a request that is not JSON", async () => {
    expect((await t.client().postJson("/api/account/password", { password: "Anon-Pass-9" })).status).toBe(401);
    const u = await t.users.create();
    const client = await apiLogin(u.username, u.password);
    const res = await client.postForm("/api/account/password", { password: "Form-Pass-10" });
    expect(res.status).toBe(415);
  });
});

describe("the policy stated on the page", () => {
  it("follows the connection's setting read from Auth0", async () => {
    const other = await startTestApp({ emulator: { connections: [{ name: "Username-Password-Authentication", passwordPolicy: "excellent" }] } });
    try {
      const u = await other.users.create();
      const client = other.client();
      expect((await client.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
      const html = await (await client.get("/account/password")).text();
      expect(html).toContain("at least 10 characters");
      expect(html).toContain("no character may appear more than twice in a row");
    } finally {
      await other.close();
    }
  });
});

it("never logs a password it was given (runs last)", () => {
  const logs = t.logs.join("");
  expect(logs).toContain("password changed in both stores");
  for (const secret of ["Stronger-Pass-1", "Changed-Pass-2", "Changed-Pass-3", "Api-Strong-Pass-7", "alsoweak", "Outage-Pass-4"]) {
    expect(logs).not.toContain(secret);
  }
});
