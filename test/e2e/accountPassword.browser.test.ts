import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { startTestApp, type TestApp } from "../support/startTestApp";

/** Debian's chromium, as in adminDashboard.browser.test.ts. Missing, this test fails: it does not skip. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUTPUT = path.resolve(__dirname, "../../test-output");

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`);
  }
  t = await startTestApp();
  // Root in a container has no user namespaces for chromium's sandbox; the page is our own.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}, 60000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it("a weak_password user logs in, is asked for a stronger password on the spot, and migrates", async () => {
  const u = await t.users.create({ password: "weakpass" });
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });

  await page.goto(`${t.baseUrl}/login`);
  await page.fill("#identifier", u.username);
  await page.fill("#password", "weakpass");
  await Promise.all([page.waitForURL(/\/account\/password/), page.click("button[type=submit]")]);

  expect(await page.textContent("#weak-password-notice")).toContain("does not accept it");
  expect(await page.textContent("#password-policy")).toContain("at least 8 characters");

  // Auth0 refuses a second weak one: the form again, with the reason.
  await page.fill("#password", "stillweak");
  await page.fill("#password_confirm", "stillweak");
  await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
  await page.waitForSelector("#password-error");
  expect(await page.textContent("#password-error")).toContain("too weak");

  await page.fill("#password", "Much-Stronger-Pass-1");
  await page.fill("#password_confirm", "Much-Stronger-Pass-1");
  await Promise.all([page.waitForSelector("#password-changed"), page.click("button[type=submit]")]);
  expect(await page.textContent("#password-changed")).toContain("moved to the new login system");
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, "account-password-done.png"), fullPage: true });

  const link = await t.testDb.db("auth0_links").where({ legacy_user_id: u.id }).first();
  expect(link.method).toBe("password_change");
  expect(t.emulator.checkPassword(link.auth0_user_id, "Much-Stronger-Pass-1")).toBe(true);
  const hash = (await t.testDb.db("users").where({ id: u.id }).first()).password;
  expect(await t.app.hashers.verify("Much-Stronger-Pass-1", hash)).toBe(true);

  // Still logged in here: the home page says the account has moved.
  await page.click("text=Continue");
  await page.waitForURL(`${t.baseUrl}/`);
  expect(await page.getAttribute("dd[data-state]", "data-state")).toBe("migrated");
  await page.close();
}, 60000);
