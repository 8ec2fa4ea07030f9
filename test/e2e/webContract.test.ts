import { TEST_PUBLIC_URL, startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("HTML login", () => {
  it("serves an accessible form with a CSRF token and no external resources", async () => {
    const res = await t.client().get("/login?next=/account");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<label for="identifier">/);
    expect(html).toMatch(/<label for="password">/);
    expect(html).toMatch(/name="_csrf" value="[^"]{20,}"/);
    expect(html).toMatch(/name="next" value="\/account"/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("refuses a form post without the CSRF token with 403", async () => {
    const u = await t.users.create();
    const client = t.client();
    await client.get("/login");
    const res = await client.postForm("/login", { identifier: u.username, password: u.password });
    expect(res.status).toBe(403);
  });

  it("logs in, renews the session, redirects to a same-site next, and logs out", async () => {
    const u = await t.users.create();
    const client = t.client();
    const csrf = await client.csrfFrom("/login");
    // Viewing the form starts no session: the session (and its id) begins with the login.
    expect(client.cookie("auth0_migrate_sid")).toBeUndefined();
    const res = await client.postForm("/login", { identifier: u.username, password: u.password, _csrf: csrf, next: "/account?tab=1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account?tab=1");
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/httponly/i);
    expect(setCookie).toMatch(/samesite=lax/i);
    expect(client.cookie("auth0_migrate_sid")).toBeTruthy();

    const home = await client.get("/");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain(u.username);
    expect(html).toMatch(/data-state="migrated"/);

    const logoutCsrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const out = await client.postForm("/logout", { _csrf: logoutCsrf });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect((await client.get("/")).status).toBe(303);
  });

  it.each(["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])(
    "sends next=%s back to / instead of off-site",
    async (next) => {
      const u = await t.users.create();
      const client = t.client();
      const csrf = await client.csrfFrom("/login");
      const res = await client.postForm("/login", { identifier: u.username, password: u.password, _csrf: csrf, next });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/");
    },
  );

  it("answers a wrong password with 401 and one generic message", async () => {
    const u = await t.users.create();
    const client = t.client();
    const csrf = await client.csrfFrom("/login");
    const wrong = await client.postForm("/login", { identifier: u.username, password: "Wrong-Pass-1", _csrf: csrf });
    const unknown = await client.postForm("/login", { identifier: "no-such-user", password: "Wrong-Pass-1", _csrf: csrf });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /role="alert"[^>]*>([^<]+)</.exec(html)?.[1];
    expect(message(await wrong.text())).toBe(message(await unknown.text()));
  });

  it("sends anonymous visitors of / to the login page", async () => {
    const res = await t.client().get("/");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
  });
});

describe("JSON API", () => {
  it("keeps a session: /api/me before and after login and logout", async () => {
    const u = await t.users.create();
    const client = t.client();
    expect((await client.get("/api/me")).status).toBe(401);
    expect((await client.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
    const me = await client.get("/api/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: { id: u.id, username: u.username, email: u.email } });
    const sid = client.cookie("auth0_migrate_sid")!;
    expect((await client.request("POST", "/api/logout")).status).toBe(204);
    expect((await client.get("/api/me")).status).toBe(401);
    // The old cookie is dead server-side, not just forgotten by this client.
    const replay = await fetch(`${t.baseUrl}/api/me`, { headers: { cookie: `auth0_migrate_sid=${sid}` } });
    expect(replay.status).toBe(401);
  });

  it("refuses a non-JSON body with 415 and a foreign Origin with 403", async () => {
    const client = t.client();
    const form = await client.postForm("/api/login", { identifier: "a", password: "b" });
    expect(form.status).toBe(415);
    expect(((await form.json()) as any).error).toBe("unsupported_media_type");
    const foreign = await client.postJson("/api/login", { identifier: "a", password: "b" }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const same = await client.postJson("/api/login", { identifier: "a", password: "b" }, { origin: TEST_PUBLIC_URL });
    expect(same.status).toBe(401);
  });

  it("refuses a state-changing call without Origin that Sec-Fetch-Site says is cross-site, and every case-shifted spelling of the API", async () => {
    const u = await t.users.create();
    const creds = { identifier: u.username, password: u.password };
    for (const site of ["cross-site", "same-site"]) {
      const res = await t.client().postJson("/api/login", creds, { "sec-fetch-site": site });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error).toBe("forbidden_origin");
    }
    expect((await t.client().postJson("/api/password-reset", { email: u.email }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await t.client().postJson("/api/login", creds, { "sec-fetch-site": "same-origin" })).status).toBe(200);
    // A cross-site HTML form posting the attacker's credentials to a case-shifted path logs nobody in.
    for (const path of ["/API/login", "/Api/login", "/api/LOGIN", "/%61pi/login"]) {
      const client = t.client();
      const res = await client.postForm(path, creds, { origin: "https://evil.example" });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(client.cookie("auth0_migrate_sid")).toBeUndefined();
    }
  });

  it.each([
    ["malformed JSON", "{\"identifier\":", 400],
    ["a JSON array", "[1,2]", 400],
    ["a number for the password", JSON.stringify({ identifier: "x", password: 5 }), 400],
    ["a missing field", JSON.stringify({ identifier: "x" }), 400],
    ["a NUL byte", JSON.stringify({ identifier: "x\u0000y", password: "p" }), 400],
    ["an oversized body", JSON.stringify({ identifier: "x", password: "p".repeat(64 * 1024) }), 413],
  ])("answers %s with a clear 4xx JSON error", async (_name, body, status) => {
    const res = await t.client().request("POST", "/api/login", { body, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(status);
    const json = (await res.json()) as any;
    expect(typeof json.error).toBe("string");
    expect(typeof json.message).toBe("string");
    expect(JSON.stringify(json)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("reports health with the database reachable", async () => {
    const res = await t.client().get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("answers unknown routes with 404, not 500", async () => {
    expect((await t.client().get("/api/nope")).status).toBe(404);
    expect((await t.client().get("/nope")).status).toBe(404);
  });
});

describe("behind an https PUBLIC_URL", () => {
  let secure: TestApp;

  beforeAll(async () => {
    secure = await startTestApp({ env: { PUBLIC_URL: "https://login.example.com" } });
  });

  afterAll(async () => {
    await secure.close();
  });

  it("marks the session cookie Secure (the TLS proxy says https)", async () => {
    const res = await secure.client().get("/login", { "x-forwarded-proto": "https" });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().join("\n");
    // The anonymous form's CSRF cookie; the session cookie comes with the login.
    expect(cookie).toMatch(/__Host-auth0_migrate_csrf=/);
    expect(cookie).toMatch(/;\s*secure/i);
  });

  it("still answers (with a Secure cookie) when the proxy header is missing", async () => {
    const res = await secure.client().get("/login");
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join("\n")).toMatch(/;\s*secure/i);
  });
});

