import type { HttpClient } from "../support/HttpClient";
import { MigrationFixtures } from "../support/migrationFixtures";
import { startTestApp, TEST_CLIENT, TEST_PUBLIC_URL, type TestApp } from "../support/startTestApp";
import { StubOidcProvider, type IdTokenTweaks } from "../support/StubOidcProvider";

// The relying party against a stub OpenID provider whose ID tokens the test can spoil; the
// emulator's real Universal Login is exercised in test/e2e/universalLogin.browser.test.ts.
const LOGIN_CLIENT = { id: "login-client", secret: "login-client-secret-0123456789" };

async function startWith(provider: StubOidcProvider, env: Record<string, string>): Promise<TestApp> {
  return startTestApp({
    env: {
      AUTH0_DOMAIN: provider.baseUrl,
      AUTH0_CLIENT_ID: TEST_CLIENT.id,
      AUTH0_CLIENT_SECRET: TEST_CLIENT.secret,
      AUTH0_LOGIN_CLIENT_ID: LOGIN_CLIENT.id,
      AUTH0_LOGIN_CLIENT_SECRET: LOGIN_CLIENT.secret,
      ...env,
    },
  });
}

/** Follows the app's redirect to the provider's /authorize; answers that URL. */
async function toAuthorize(client: HttpClient, path: string, provider: StubOidcProvider): Promise<URL> {
  let res = await client.get(path);
  for (let hops = 0; hops < 3 && res.status === 303; hops++) res = await client.get(res.headers.get("location") ?? "");
  expect(res.status).toBe(302);
  const url = new URL(res.headers.get("location") ?? "");
  expect(`${url.origin}${url.pathname}`).toBe(`${provider.baseUrl}/authorize`);
  return url;
}

function callbackPath(authorize: URL, code: string, state = authorize.searchParams.get("state") ?? ""): string {
  return `/callback?${new URLSearchParams({ code, state }).toString()}`;
}

async function expectNoSession(client: HttpClient): Promise<void> {
  expect((await client.get("/api/me")).status).toBe(401);
}

describe("Universal Login with ADMIN_LOGIN=auth0 (LOGIN_MODE=legacy)", () => {
  const provider = new StubOidcProvider(LOGIN_CLIENT);
  let t: TestApp;
  let fixtures: MigrationFixtures;

  beforeAll(async () => {
    await provider.start();
    t = await startWith(provider, { ADMIN_LOGIN: "auth0", ADMIN_USERS: "" });
    fixtures = new MigrationFixtures(t.testDb.db);
  });
  afterAll(async () => {
    await t?.close();
    await provider.stop();
  });

  it("sends an anonymous /admin visitor through Universal Login (PKCE, state, nonce) and back to /admin", async () => {
    const staff = await t.users.create({ isStaff: true });
    await fixtures.linkedAs(staff.id, `auth0|staff-${staff.id}`);
    const client = t.client();
    const first = await client.get("/admin");
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/login/auth0?next=%2Fadmin");
    const authorize = await toAuthorize(client, "/admin", provider);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: LOGIN_CLIENT.id,
      response_type: "code",
      redirect_uri: `${TEST_PUBLIC_URL}/callback`,
      code_challenge_method: "S256",
      scope: "openid profile email",
    });
    for (const p of ["state", "nonce", "code_challenge"]) expect(authorize.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const back = await client.get(callbackPath(authorize, provider.issueCode(authorize, `auth0|staff-${staff.id}`)));
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/admin");
    const dashboard = await client.get("/admin");
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain(staff.username);
  });

  it("names the tenant in the login page's CSP form-action: the form's redirects may end there", async () => {
    const csp = (await t.client().get("/login")).headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`form-action 'self' ${provider.baseUrl};`);
  });

  it("sends a staff user's password session through Universal Login before /admin", async () => {
    const staff = await t.users.create({ isStaff: true });
    const client = t.client();
    const csrf = await client.csrfFrom("/login");
    expect((await client.postForm("/login", { identifier: staff.username, password: staff.password, _csrf: csrf })).status).toBe(303);
    const admin = await client.get("/admin");
    expect(admin.status).toBe(303);
    expect(admin.headers.get("location")).toBe("/login/auth0?next=%2Fadmin");
    // The forms too: a campaign post is not accepted from a password session.
    const post = await client.postForm("/admin/campaigns", { _csrf: await client.csrfFrom("/") });
    expect(post.status).toBe(303);
    expect(post.headers.get("location")).toBe("/login/auth0?next=%2Fadmin");
  });

  it("keeps the staff rule: a linked non-staff user who came through Universal Login gets 403", async () => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|plain-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, "/admin", provider);
    expect((await client.get(callbackPath(authorize, provider.issueCode(authorize, `auth0|plain-${user.id}`)))).status).toBe(303);
    expect((await client.get("/api/me")).status).toBe(200);
    expect((await client.get("/admin")).status).toBe(403);
  });

  it("refuses a tampered state with a 400 page and no session", async () => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|state-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0?next=/", provider);
    const code = provider.issueCode(authorize, `auth0|state-${user.id}`);
    const res = await client.get(callbackPath(authorize, code, `${authorize.searchParams.get("state")}x`));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    await expectNoSession(client);
  });

  it("refuses a callback without the browser's login transaction", async () => {
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0", provider);
    const stranger = t.client();
    expect((await stranger.get(callbackPath(authorize, provider.issueCode(authorize, "auth0|whoever")))).status).toBe(400);
    await expectNoSession(stranger);
  });

  it("refuses a replayed code, even with the transaction cookie copied", async () => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|replay-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0", provider);
    const path = callbackPath(authorize, provider.issueCode(authorize, `auth0|replay-${user.id}`));
    const cookie = `auth0_migrate_login=${client.cookie("auth0_migrate_login")}`;
    expect((await client.get(path)).status).toBe(303);
    const before = provider.tokenRequests;
    const replay = await fetch(`${t.baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });
    expect(replay.status).toBe(400);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith("auth0_migrate_sid=") && !/expires=Thu, 01 Jan 1970/i.test(c))).toBe(false);
    // Refused by the tenant, which saw the code a second time.
    expect(provider.tokenRequests).toBe(before + 1);
  });

  it.each<[string, IdTokenTweaks]>([
    ["a wrong nonce", { nonce: "not-the-nonce-of-this-login" }],
    ["a signature by another key", { foreignKey: true }],
    ["another audience", { aud: "some-other-client" }],
    ["an expired token", { expiresIn: -3600 }],
  ])("refuses an ID token with %s with a 400 page and no session", async (_label, tweaks) => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|spoilt-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0", provider);
    const res = await client.get(callbackPath(authorize, provider.issueCode(authorize, `auth0|spoilt-${user.id}`, tweaks)));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("could not be completed");
    await expectNoSession(client);
  });

  it("answers a login cancelled at the tenant (error=access_denied) with a 400 page, and logs the refusal without the code", async () => {
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0", provider);
    const state = authorize.searchParams.get("state") ?? "";
    const res = await client.get(`/callback?${new URLSearchParams({ error: "access_denied", error_description: "User cancelled", state }).toString()}`);
    expect(res.status).toBe(400);
    await expectNoSession(client);

    const other = t.client();
    const second = await toAuthorize(other, "/login/auth0", provider);
    const code = provider.issueCode(second, "auth0|logged", { nonce: "wrong" });
    expect((await other.get(callbackPath(second, code))).status).toBe(400);
    const refusals = t.logs.filter((l) => l.includes("universal_login_refused"));
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect(refusals.some((l) => l.includes("OAUTH_JWT_CLAIM_COMPARISON_FAILED"))).toBe(true);
    expect(t.logs.join("\n")).not.toContain(code);
  });

  it("refuses an Auth0 user without a link with a clear page and no session", async () => {
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0", provider);
    const res = await client.get(callbackPath(authorize, provider.issueCode(authorize, "auth0|signed-up-in-auth0")));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("not linked to an account here");
    await expectNoSession(client);
  });

  it("ends a Universal Login session here and at the tenant's /v2/logout; a password session as before", async () => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|logout-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0", provider);
    await client.get(callbackPath(authorize, provider.issueCode(authorize, `auth0|logout-${user.id}`)));
    const out = await client.postForm("/logout", { _csrf: await client.csrfFrom("/") });
    expect(out.status).toBe(303);
    const target = new URL(out.headers.get("location") ?? "");
    expect(`${target.origin}${target.pathname}`).toBe(`${provider.baseUrl}/v2/logout`);
    expect(Object.fromEntries(target.searchParams)).toEqual({ client_id: LOGIN_CLIENT.id, returnTo: `${TEST_PUBLIC_URL}/login` });
    await expectNoSession(client);

    const other = await t.users.create();
    const pw = t.client();
    await pw.postForm("/login", { identifier: other.username, password: other.password, _csrf: await pw.csrfFrom("/login") });
    const plain = await pw.postForm("/logout", { _csrf: await pw.csrfFrom("/") });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe("/login");
  });

  it("answers POST /api/logout of a Universal Login session with the tenant's logout URL; a password session 204 as before", async () => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|apilogout-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0", provider);
    expect((await client.get(callbackPath(authorize, provider.issueCode(authorize, `auth0|apilogout-${user.id}`)))).status).toBe(303);
    const out = await client.request("POST", "/api/logout");
    expect(out.status).toBe(200);
    const target = new URL(((await out.json()) as { logout_url: string }).logout_url);
    expect(`${target.origin}${target.pathname}`).toBe(`${provider.baseUrl}/v2/logout`);
    expect(Object.fromEntries(target.searchParams)).toEqual({ client_id: LOGIN_CLIENT.id, returnTo: `${TEST_PUBLIC_URL}/login` });
    await expectNoSession(client);

    const other = await t.users.create();
    const pw = t.client();
    expect((await pw.postJson("/api/login", { identifier: other.username, password: other.password })).status).toBe(200);
    const plain = await pw.request("POST", "/api/logout");
    expect(plain.status).toBe(204);
    await expectNoSession(pw);
  });
});

describe("LOGIN_MODE=universal", () => {
  const provider = new StubOidcProvider(LOGIN_CLIENT);
  let t: TestApp;
  let fixtures: MigrationFixtures;

  beforeAll(async () => {
    await provider.start();
    t = await startWith(provider, { LOGIN_MODE: "universal", ALLOWED_REDIRECT_HOSTS: "app.example.com" });
    fixtures = new MigrationFixtures(t.testDb.db);
  });
  afterAll(async () => {
    await t?.close();
    await provider.stop();
  });

  it("sends /login to Universal Login and carries next through the transaction", async () => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|u-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, "/login?next=%2Faccount%2Fpassword%3Fx%3D1", provider);
    const back = await client.get(callbackPath(authorize, provider.issueCode(authorize, `auth0|u-${user.id}`)));
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/account/password?x=1");
    expect(((await (await client.get("/api/me")).json()) as { user: { id: string } }).user.id).toBe(user.id);
    // The gateway goes on: /auth/verify vouches for the Universal Login session with the same headers.
    const verify = await client.get("/auth/verify");
    expect(verify.status).toBe(200);
    expect(verify.headers.get("x-auth-request-user")).toBe(user.username);
    expect(verify.headers.get("x-auth-request-user-id")).toBe(user.id);
    expect(verify.headers.get("x-auth-request-auth0-id")).toBe(`auth0|u-${user.id}`);
  });

  it("carries the gateway's absolute next (a host of ALLOWED_REDIRECT_HOSTS) back to the application", async () => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|abs-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, `/login?next=${encodeURIComponent("https://app.example.com/dash?x=1")}`, provider);
    const back = await client.get(callbackPath(authorize, provider.issueCode(authorize, `auth0|abs-${user.id}`)));
    expect(back.headers.get("location")).toBe("https://app.example.com/dash?x=1");
  });

  it("applies the next-path rules on return: an off-site next lands on /", async () => {
    const user = await t.users.create();
    await fixtures.linkedAs(user.id, `auth0|n-${user.id}`);
    const client = t.client();
    const authorize = await toAuthorize(client, `/login?next=${encodeURIComponent("//evil.example/x")}`, provider);
    const back = await client.get(callbackPath(authorize, provider.issueCode(authorize, `auth0|n-${user.id}`)));
    expect(back.headers.get("location")).toBe("/");
  });

  it("answers a password form post with Universal Login, without reading the password", async () => {
    const user = await t.users.create();
    const client = t.client();
    const res = await client.postForm("/login", { identifier: user.username, password: user.password, next: "/account/email" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login/auth0?next=%2Faccount%2Femail");
    await expectNoSession(client);
  });

  it("answers /api/login with a clear error sending API clients to the tenant", async () => {
    const user = await t.users.create();
    const res = await t.client().postJson("/api/login", { identifier: user.username, password: user.password });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("universal_login_required");
    expect(body.message).toContain(provider.baseUrl);
  });
});

describe("a tenant that cannot be reached", () => {
  const provider = new StubOidcProvider(LOGIN_CLIENT);
  let t: TestApp;

  beforeAll(async () => {
    await provider.start();
    t = await startWith(provider, { ADMIN_LOGIN: "auth0" });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers 503 pages, not 500s, and no session", async () => {
    const client = t.client();
    const authorize = await toAuthorize(client, "/login/auth0", provider);
    await provider.stop();
    const res = await client.get(callbackPath(authorize, "any-code"));
    expect(res.status).toBe(503);
    await expectNoSession(client);
  });

  it("answers /login/auth0 with a 503 page while discovery fails", async () => {
    // The provider stopped above: its address now refuses connections.
    const down = await startWith(provider, { ADMIN_LOGIN: "auth0" });
    try {
      expect((await down.client().get("/login/auth0")).status).toBe(503);
    } finally {
      await down.close();
    }
  });
});
