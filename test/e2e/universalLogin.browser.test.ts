import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { MigrationStore } from "../../src/migration/MigrationStore";
import { startTestApp, type TestApp } from "../support/startTestApp";

/** Debian's chromium, as `npm test` and .ci/run install it (scripts/ensure-chromium.sh). Missing, this test fails: it does not skip. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let t: TestApp;
let browser: Browser;

/** A free loopback port: PUBLIC_URL (the callback Auth0 sends the browser to) must be the app's real address. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`);
  }
  const port = await freePort();
  // The sandbox wiring: no AUTH0_DOMAIN, the emulator's login client registered by the app.
  t = await startTestApp({ env: { ADMIN_LOGIN: "auth0", PUBLIC_URL: `http://127.0.0.1:${port}` }, port });
  // Root in a container has no user namespaces for chromium's sandbox; the pages are our own.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}, 60000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it("sends a staff user from the login page through the emulator's Universal Login and /callback to /admin, and logs out through /v2/logout", async () => {
  const staff = await t.users.create({ isStaff: true, username: "ops.lead" });
  const page = await browser.newPage();

  // The password form still works and migrates the user into the tenant...
  await page.goto(`${t.baseUrl}/login?next=/admin`);
  await page.fill("#identifier", staff.username);
  await page.fill("#password", staff.password);
  await Promise.all([page.waitForURL((url) => url.pathname === "/authorize"), page.click("button[type=submit]")]);
  // ...but /admin wants a Universal Login session: the browser is at the emulator's login page.
  expect(new URL(page.url()).origin).toBe(t.emulator.baseUrl);
  const migrations = new MigrationStore(t.testDb.db);
  const link = await migrations.getLink(staff.id);
  expect(link).not.toBeNull();

  await page.fill("input[name=username]", staff.email ?? "");
  await page.fill("input[name=password]", staff.password);
  await Promise.all([page.waitForURL(`${t.baseUrl}/admin`), page.click("button[type=submit]")]);
  expect(await page.textContent("body")).toContain("ops.lead");
  const paths = t.emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
  expect(paths).toEqual(expect.arrayContaining(["GET /authorize 200", "POST /u/login 302", "POST /oauth/token 200", "GET /.well-known/jwks.json 200"]));

  // Logout ends the session here and at the tenant, then comes back to the login page.
  await Promise.all([page.waitForURL(`${t.baseUrl}/login`), page.click("form[action='/logout'] button")]);
  expect(t.emulator.requests.some((r) => r.method === "GET" && r.path === "/v2/logout" && r.status === 302)).toBe(true);
  const me = await page.request.get(`${t.baseUrl}/api/me`);
  expect(me.status()).toBe(401);
  // The tenant's session is gone too: /admin asks for the password again instead of a silent login.
  await page.goto(`${t.baseUrl}/admin`);
  expect(new URL(page.url()).pathname).toBe("/authorize");
  await expect(page.locator("input[name=password]").isVisible()).resolves.toBe(true);
  await page.close();
}, 60000);
