import { encodeUid } from "../../src/reset/ResetTokens";
import type { HttpClient } from "../support/HttpClient";
import { TEST_PUBLIC_URL, startTestApp, type TestApp } from "../support/startTestApp";
import { loggedIn } from "../support/loggedIn";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

async function loggedInUser(t: TestApp, spec: Parameters<TestApp["users"]["create"]>[0] = {}): Promise<{ client: HttpClient; user: Awaited<ReturnType<TestApp["users"]["create"]>> }> {
  const user = await t.users.create(spec);
  return { client: await loggedIn(t.client(), user), user };
}

describe("/auth/verify (cache window 5 s, injected clock)", () => {
  let t: TestApp;
  let now = Date.now();

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now, env: { ALLOWED_REDIRECT_HOSTS: "app.example.com,.apps.example.org" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(METHODS)("answers 401 with an empty body to an anonymous %s", async (method) => {
    const res = await t.client().request(method, "/auth/verify");
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("");
    expect(res.headers.get("x-auth-request-user")).toBeNull();
  });

  it("answers 401 to a forged or unknown session cookie", async () => {
    const forged = await t.client().get("/auth/verify", { cookie: "auth0_migrate_sid=abc; auth0_migrate_sid.sig=xyz" });
    expect(forged.status).toBe(401);
    // A correctly signed cookie whose session row is gone (expired and swept, say).
    const { client, user } = await loggedInUser(t);
    expect(client.cookie("auth0_migrate_sid")).toBeTruthy();
    await t.testDb.db("auth0_sessions").whereRaw("data->>'uid' = ?", [user.id]).delete();
    expect((await client.get("/auth/verify")).status).toBe(401);
  });

  it("answers 200 with the identity headers for every method, without a body or CSRF token", async () => {
    const { client, user } = await loggedInUser(t);
    const me = (await (await client.get("/api/me")).json()) as { user: { id: string } };
    for (const method of METHODS) {
      const res = await client.request(method, "/auth/verify");
      expect({ method, status: res.status }).toEqual({ method, status: 200 });
      expect(await res.text()).toBe("");
      expect(res.headers.get("x-auth-request-user")).toBe(user.username);
      expect(res.headers.get("x-auth-request-email")).toBe(user.email);
      expect(res.headers.get("x-auth-request-user-id")).toBe(me.user.id);
      expect(res.headers.get("x-auth-request-migration")).toBe("migrated");
      expect(res.headers.get("x-auth-request-auth0-id")).toMatch(/^auth0\|/);
    }
  });

  it("checks the signature of a cookie it has not seen: a verified session id with another signature is refused", async () => {
    const { client } = await loggedInUser(t);
    expect((await client.get("/auth/verify")).status).toBe(200);
    const sid = client.cookie("auth0_migrate_sid")!;
    const sig = client.cookie("auth0_migrate_sid.sig")!;
    const forged = `${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`;
    expect((await t.client().get("/auth/verify", { cookie: `auth0_migrate_sid=${sid}; auth0_migrate_sid.sig=${forged}` })).status).toBe(401);
    expect((await t.client().get("/auth/verify", { cookie: `auth0_migrate_sid=${sid}` })).status).toBe(401);
    expect((await t.client().get("/auth/verify", { cookie: `other=1; auth0_migrate_sid=${sid}; auth0_migrate_sid.sig=${sig}` })).status).toBe(200);
  });

  it("never reads the body: a large or malformed one changes nothing", async () => {
    const { client } = await loggedInUser(t);
    const big = await client.request("POST", "/auth/verify", { body: "x".repeat(200_000), headers: { "content-type": "application/json" } });
    expect(big.status).toBe(200);
    const form = await client.request("PUT", "/auth/verify", { body: "a=%zz", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(200);
  });

  it("leaves out the Auth0 id and email of a user who is not linked", async () => {
    const { client } = await loggedInUser(t, { email: null });
    const res = await client.get("/auth/verify");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-auth-request-migration")).toBe("no_email");
    expect(res.headers.get("x-auth-request-auth0-id")).toBeNull();
    expect(res.headers.get("x-auth-request-email")).toBeNull();
  });

  it("encodes a username that is not safe in a header (RFC 8187 style) instead of failing", async () => {
    const { client } = await loggedInUser(t, { username: "jörg✓", email: null });
    const res = await client.get("/auth/verify");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-auth-request-user")).toBe("UTF-8''j%C3%B6rg%E2%9C%93");

    const { client: crlf } = await loggedInUser(t, { username: "mallory\r\nX-Injected: 1", email: null });
    const injected = await crlf.get("/auth/verify");
    expect(injected.status).toBe(200);
    expect(injected.headers.get("x-injected")).toBeNull();
    expect(injected.headers.get("x-auth-request-user")).toBe("UTF-8''mallory%0D%0AX-Injected%3A%201");
  });

  describe("forward auth (X-Forwarded-Uri: Traefik, Caddy)", () => {
    const html = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";

    it("sends an anonymous browser to the login page with the original URI as next", async () => {
      const res = await t.client().get("/auth/verify", { "x-forwarded-uri": "/app/page?x=1", accept: html, "x-forwarded-method": "GET" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`${TEST_PUBLIC_URL}/login?next=${encodeURIComponent("/app/page?x=1")}`);
    });

    it("answers 401 to an API client, and to a browser without X-Forwarded-Uri (nginx)", async () => {
      const api = await t.client().get("/auth/verify", { "x-forwarded-uri": "/app/api/items", accept: "application/json" });
      expect(api.status).toBe(401);
      const noAccept = await t.client().get("/auth/verify", { "x-forwarded-uri": "/app/api/items" });
      expect(noAccept.status).toBe(401);
      const nginx = await t.client().get("/auth/verify", { "x-original-uri": "/app/page", accept: html });
      expect(nginx.status).toBe(401);
    });

    it("keeps an application's own allowed host in next, and drops anything else", async () => {
      const own = await t.client().get("/auth/verify", {
        "x-forwarded-uri": "/dash?tab=2",
        "x-forwarded-host": "app.example.com",
        "x-forwarded-proto": "https",
        accept: html,
      });
      expect(own.headers.get("location")).toBe(`${TEST_PUBLIC_URL}/login?next=${encodeURIComponent("https://app.example.com/dash?tab=2")}`);
      const evilHost = await t.client().get("/auth/verify", { "x-forwarded-uri": "/dash", "x-forwarded-host": "evil.example", accept: html });
      expect(evilHost.headers.get("location")).toBe(`${TEST_PUBLIC_URL}/login?next=${encodeURIComponent("/dash")}`);
      const evilUri = await t.client().get("/auth/verify", { "x-forwarded-uri": "//evil.example/x", accept: html });
      expect(evilUri.headers.get("location")).toBe(`${TEST_PUBLIC_URL}/login?next=%2F`);
    });

    it("answers 200 with the headers to a logged-in browser", async () => {
      const { client, user } = await loggedInUser(t);
      const res = await client.get("/auth/verify", { "x-forwarded-uri": "/app/page", accept: html });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-auth-request-user")).toBe(user.username);
    });
  });

  describe("revocation", () => {
    const windowMs = 5000;

    it("stops verifying a deactivated user's session within the window, and ends it", async () => {
      const { client, user } = await loggedInUser(t);
      expect((await client.get("/auth/verify")).status).toBe(200);
      await t.testDb.db("users").where({ id: user.id }).update({ is_active: false });
      // Inside the window the instance may still answer from its cache; past it, never.
      now += windowMs + 1;
      expect((await client.get("/auth/verify")).status).toBe(401);
      await t.testDb.db("users").where({ id: user.id }).update({ is_active: true });
      expect((await client.get("/auth/verify")).status).toBe(401);
      const rows = await t.testDb.db("auth0_sessions").whereRaw("data->>'uid' = ?", [user.id]);
      expect(rows).toHaveLength(0);
    });

    it("stops verifying a deleted user's session within the window", async () => {
      const { client, user } = await loggedInUser(t);
      expect((await client.get("/auth/verify")).status).toBe(200);
      await t.testDb.db("auth0_links").where({ legacy_user_id: user.id }).delete();
      await t.testDb.db("auth0_migration_state").where({ legacy_user_id: user.id }).delete();
      await t.testDb.db("users").where({ id: user.id }).delete();
      now += windowMs + 1;
      expect((await client.get("/auth/verify")).status).toBe(401);
    });

    it("stops verifying once the legacy password hash changes (a reset in the legacy application)", async () => {
      const { client, user } = await loggedInUser(t);
      const other = await t.users.create({ password: "Another-Secret-42" });
      const newHash = (await t.testDb.db("users").where({ id: other.id }).first()).password as string;
      expect((await client.get("/auth/verify")).status).toBe(200);
      await t.testDb.db("users").where({ id: user.id }).update({ password: newHash });
      now += windowMs + 1;
      expect((await client.get("/auth/verify")).status).toBe(401);
      expect((await client.get("/api/me")).status).toBe(401);
    });

    it("keeps verifying while nothing changed, past the window", async () => {
      const { client, user } = await loggedInUser(t);
      now += windowMs + 1;
      const res = await client.get("/auth/verify");
      expect(res.status).toBe(200);
      expect(res.headers.get("x-auth-request-user")).toBe(user.username);
    });

    it("ends at once on logout, cache or not", async () => {
      const { client } = await loggedInUser(t);
      expect((await client.get("/auth/verify")).status).toBe(200);
      const cookie = `auth0_migrate_sid=${client.cookie("auth0_migrate_sid")}; auth0_migrate_sid.sig=${client.cookie("auth0_migrate_sid.sig")}`;
      const html = await (await client.get("/")).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
      expect((await client.postForm("/logout", { _csrf: csrf })).status).toBe(303);
      // The same cookie replayed (a copy kept by someone else) no longer verifies either.
      expect((await t.client().get("/auth/verify", { cookie })).status).toBe(401);
    });

    it("ends at once on logout through the JSON API", async () => {
      const { client } = await loggedInUser(t);
      expect((await client.get("/auth/verify")).status).toBe(200);
      const cookie = `auth0_migrate_sid=${client.cookie("auth0_migrate_sid")}; auth0_migrate_sid.sig=${client.cookie("auth0_migrate_sid.sig")}`;
      expect((await client.postJson("/api/logout", {})).status).toBe(204);
      expect((await t.client().get("/auth/verify", { cookie })).status).toBe(401);
    });
  });
});

describe("/auth/verify with AUTH_VERIFY_CACHE_SECONDS=0", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_VERIFY_CACHE_SECONDS: "0", LEGACY_REHASH_ON_LOGIN: "true" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("checks the database on every request: a deactivation ends access at the next request", async () => {
    const { client, user } = await loggedInUser(t);
    expect((await client.get("/auth/verify")).status).toBe(200);
    await t.testDb.db("users").where({ id: user.id }).update({ is_active: false });
    expect((await client.get("/auth/verify")).status).toBe(401);
  });

  it("stops verifying after a password reset through this service", async () => {
    const { client, user } = await loggedInUser(t);
    expect((await client.get("/auth/verify")).status).toBe(200);
    const row = await t.app.users.findById(user.id);
    await t.app.reset.confirm(encodeUid(user.id), t.app.tokens.make(row!), "Brand-New-Secret-77");
    expect((await client.get("/auth/verify")).status).toBe(401);
  });

  it("keeps verifying when this service re-hashes the password at login, but not after a later reset", async () => {
    const { client, user } = await loggedInUser(t, { format: "md5", email: null });
    await t.app.backend.drain();
    const rehashed = (await t.testDb.db("users").where({ id: user.id }).first()).password as string;
    expect(rehashed).not.toMatch(/^md5\$/);
    expect((await client.get("/auth/verify")).status).toBe(200);
    expect((await client.get("/auth/verify")).status).toBe(200);

    const other = await t.users.create({ password: "Another-Secret-43" });
    const newHash = (await t.testDb.db("users").where({ id: other.id }).first()).password as string;
    await t.testDb.db("users").where({ id: user.id }).update({ password: newHash });
    expect((await client.get("/auth/verify")).status).toBe(401);
  });
});
