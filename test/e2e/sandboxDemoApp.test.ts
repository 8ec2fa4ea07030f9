import { DemoApp } from "../../src/sandbox/DemoApp";
import { startTestApp, type TestApp } from "../support/startTestApp";

// The app's PUBLIC_URL names 127.0.0.1 (the host name the demo shares the cookie through); its
// port is not the test server's, which is fine: only the host name and the login path matter.
const PUBLIC_URL = "http://127.0.0.1:3000";

describe("the sandbox's demo application", () => {
  let t: TestApp;
  let demo: DemoApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL } });
    demo = new DemoApp({ verifyUrl: `${t.baseUrl}/auth/verify`, publicUrl: PUBLIC_URL, port: 0 });
    await demo.start();
  });
  afterAll(async () => {
    await demo.stop();
    await t.close();
  });

  it("sends an anonymous visitor to the login page with next pointing back at the demo", async () => {
    const res = await fetch(`${demo.origin}/hello?x=1`, { redirect: "manual", headers: { accept: "text/html" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${PUBLIC_URL}/login?next=${encodeURIComponent(`${demo.origin}/hello?x=1`)}`);
  });

  it("sends a browser that came by another host name to the cookie's host name first", async () => {
    const other = demo.origin.replace("127.0.0.1", "localhost");
    const res = await fetch(`${other}/page`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${demo.origin}/page`);
  });

  it("greets alice by the header /auth/verify gave it, after the login sends her back", async () => {
    const alice = await t.users.create({ username: `alice_${Date.now()}` });
    const client = t.client();
    const next = `${demo.origin}/hello?x=1`;
    const login = await client.loginForm(alice.username, alice.password, next);
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe(next);

    const cookie = `auth0_migrate_sid=${client.cookie("auth0_migrate_sid")}; auth0_migrate_sid.sig=${client.cookie("auth0_migrate_sid.sig")}`;
    const page = await fetch(next, { redirect: "manual", headers: { cookie, accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<h1>Hello ${alice.username}</h1>`);
    expect(html).toContain(`<dt>x-auth-request-user</dt><dd><code>${alice.username}</code></dd>`);
    expect(html).toContain(`<dt>x-auth-request-user-id</dt><dd><code>${alice.id}</code></dd>`);
    expect(html).toMatch(/<dt>x-auth-request-auth0-id<\/dt><dd><code>auth0\|/);

    // A POST reaches the check with its method; the demo answers it the same way.
    const post = await fetch(next, { method: "POST", redirect: "manual", headers: { cookie }, body: "a=1" });
    expect(post.status).toBe(200);
  });

  it("shows an encoded username decoded, escaped", async () => {
    const user = await t.users.create({ username: "<jörg>", email: null });
    const client = t.client();
    await client.loginForm(user.username, user.password);
    const cookie = `auth0_migrate_sid=${client.cookie("auth0_migrate_sid")}; auth0_migrate_sid.sig=${client.cookie("auth0_migrate_sid.sig")}`;
    const html = await (await fetch(`${demo.origin}/`, { headers: { cookie } })).text();
    expect(html).toContain("<h1>Hello &lt;jörg&gt;</h1>");
  });

  it("answers 502 when the check answers something else than 200 or 401", async () => {
    const broken = new DemoApp({ verifyUrl: `${t.baseUrl}/no-such-route`, publicUrl: PUBLIC_URL, port: 0 });
    await broken.start();
    try {
      expect((await fetch(`${broken.origin}/`, { redirect: "manual" })).status).toBe(502);
    } finally {
      await broken.stop();
    }
  });
});
