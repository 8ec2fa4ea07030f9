import { encodeUid } from "../../src/reset/ResetTokens";
import { startTestApp, type TestApp } from "../support/startTestApp";

describe("redirects back to the application (ALLOWED_REDIRECT_HOSTS)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { ALLOWED_REDIRECT_HOSTS: "app.example.com,.apps.example.org" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("carries an allowed absolute next through the login form, and lets the form redirect there (CSP)", async () => {
    const u = await t.users.create();
    const client = t.client();
    const page = await client.get(`/login?next=${encodeURIComponent("https://app.example.com/dash?x=1")}`);
    const html = await page.text();
    expect(html).toContain('name="next" value="https://app.example.com/dash?x=1"');
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self' https://app.example.com;");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await client.postForm("/login", { identifier: u.username, password: u.password, _csrf: csrf, next: "https://app.example.com/dash?x=1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("https://app.example.com/dash?x=1");
  });

  it("follows a subdomain of a .domain entry", async () => {
    const u = await t.users.create();
    const res = await t.client().loginForm(u.username, u.password, "https://crm.apps.example.org/");
    expect(res.headers.get("location")).toBe("https://crm.apps.example.org/");
  });

  it.each([
    "https://evil.example/",
    "http://app.example.com/",
    "//evil.example/",
    "/.//evil.example",
    "https://app.example.com@evil.example/",
    "https://app.example.com.evil.example/",
    "https:\\\\evil.example",
    "https://evil.example\\@app.example.com",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example/..//x",
    "javascript:alert(1)",
  ])("falls back to / for next=%j after login, and never puts it on the page's CSP", async (next) => {
    const u = await t.users.create();
    const client = t.client();
    const page = await client.get(`/login?next=${encodeURIComponent(next)}`);
    expect(page.headers.get("content-security-policy")).toContain("form-action 'self';");
    const res = await client.loginForm(u.username, u.password, next);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
  });

  it("honours next on POST /logout the same way; without one it goes to /login", async () => {
    const logout = async (fields: Record<string, string>): Promise<string | null> => {
      const u = await t.users.create();
      const client = t.client();
      await client.loginForm(u.username, u.password);
      const csrf = await client.csrfFrom("/login");
      const res = await client.postForm("/logout", { _csrf: csrf, ...fields });
      expect(res.status).toBe(303);
      expect((await client.get("/auth/verify")).status).toBe(401);
      return res.headers.get("location");
    };
    expect(await logout({})).toBe("/login");
    expect(await logout({ next: "https://app.example.com/bye" })).toBe("https://app.example.com/bye");
    expect(await logout({ next: "/login?next=%2Fapp" })).toBe("/login?next=%2Fapp");
    expect(await logout({ next: "https://evil.example/" })).toBe("/");
    expect(await logout({ next: "//evil.example" })).toBe("/");
  });

  it("keeps next through a password reset: the form keeps it and the login link after it carries it", async () => {
    const u = await t.users.create();
    const row = await t.app.users.findById(u.id);
    const link = `/password-reset/${encodeUid(u.id)}/${t.app.tokens.make(row!)}`;
    const next = "https://app.example.com/after-reset";
    const client = t.client();
    const form = await (await client.get(`${link}?next=${encodeURIComponent(next)}`)).text();
    const action = /<form method="post" action="([^"]+)"/.exec(form)![1]!.replace(/&amp;/g, "&");
    expect(action).toBe(`${link}?next=${encodeURIComponent(next)}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const done = await client.postForm(action, { _csrf: csrf, password: "Fresh-Secret-991", password_confirm: "Fresh-Secret-991" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`href="/login?next=${encodeURIComponent(next)}"`);

    const evil = await (await t.client().get(`${link}?next=${encodeURIComponent("https://evil.example/")}`)).text();
    expect(evil).not.toContain("evil.example");
  });
});

describe("SESSION_COOKIE_DOMAIN", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: "https://login.example.com", SESSION_COOKIE_DOMAIN: "example.com", ALLOWED_REDIRECT_HOSTS: "app.example.com" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("sets the session cookie for the parent domain, so a sibling application's proxy sends it to /auth/verify", async () => {
    const u = await t.users.create();
    const client = t.client();
    const res = await client.loginForm(u.username, u.password, "https://app.example.com/");
    expect(res.headers.get("location")).toBe("https://app.example.com/");
    const cookies = res.headers.getSetCookie().filter((c) => c.startsWith("auth0_migrate_sid"));
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c).toMatch(/; domain=example\.com(;|$)/i);
    expect((await client.get("/auth/verify")).status).toBe(200);
  });
});
