import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { seedDashboardData, type DashboardData } from "../support/dashboardData";
import { SmtpSink } from "../support/SmtpSink";
import { startTestApp, type TestApp } from "../support/startTestApp";

/** Debian's chromium, as `npm test` and .ci/run install it (scripts/ensure-chromium.sh). Missing, this test fails: it does not skip. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUTPUT = path.resolve(__dirname, "../../test-output");

let t: TestApp;
let browser: Browser;
let data: DashboardData;
let smtp: SmtpSink;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`);
  }
  smtp = new SmtpSink();
  t = await startTestApp({ env: { SMTP_URL: await smtp.start() } });
  data = await seedDashboardData(t.testDb.db, t.users);
  // Root in a container has no user namespaces for chromium's sandbox; the page is our own.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}, 60000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.stop();
});

it("logs a staff user in through the login page, renders the figures and the chart, runs a dry run and starts the campaign", async () => {
  const admin = await t.users.create({ isStaff: true, username: "ops.admin", email: null });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const external: string[] = [];
  page.on("request", (req) => {
    if (!req.url().startsWith(t.baseUrl) && !req.url().startsWith("data:")) external.push(req.url());
  });

  await page.goto(`${t.baseUrl}/admin`);
  expect(new URL(page.url()).pathname).toBe("/login");
  await page.fill("#identifier", admin.username);
  await page.fill("#password", admin.password);
  await Promise.all([page.waitForURL(`${t.baseUrl}/admin`), page.click("button[type=submit]")]);

  const report = await t.app.status.report();
  expect(await page.textContent('[data-figure="migrated_users"]')).toBe(report.migrated_users.toLocaleString("en-US"));
  expect(await page.textContent('[data-figure="active_users"]')).toBe(report.active_users.toLocaleString("en-US"));
  expect(await page.textContent('[data-figure="pending"]')).toBe(String(report.pending));
  // The admin has no email: its own login could not migrate it (no_email).
  expect(report.migrated_users).toBe(data.migrated);
  expect(await page.textContent('[data-figure="no_email"]')).toBe(String(report.no_email));

  const chart = page.locator("svg.chart");
  await expect(chart.isVisible()).resolves.toBe(true);
  const box = await chart.boundingBox();
  expect(box?.width).toBeGreaterThan(300);
  expect(await chart.locator("rect.bar").count()).toBe(30);
  const tallest = await chart.locator("rect.bar").evaluateAll((rects) => Math.max(...rects.map((r) => r.getBoundingClientRect().height)));
  expect(tallest).toBeGreaterThan(50);
  expect(await page.locator("#list-pending tbody tr[data-user]").count()).toBe(6);

  mkdirSync(OUTPUT, { recursive: true });
  await page.fill("#name", "reminder-wave-1");
  await Promise.all([page.waitForURL(`${t.baseUrl}/admin/campaigns/preview`), page.click("#dry-run")]);
  expect(await page.getAttribute("#dry-run-count", "data-selected")).toBe(String(data.eligible.length));
  await expect(page.locator("#confirm-campaign").isVisible()).resolves.toBe(true);
  await page.screenshot({ path: path.join(OUTPUT, "admin-dry-run.png"), fullPage: true });
  expect(smtp.messages).toHaveLength(0);

  await Promise.all([page.waitForURL(`${t.baseUrl}/admin`), page.click("#confirm-campaign")]);
  expect(await page.textContent("#admin-notice")).toContain("reminder-wave-1");
  await t.app.campaigns.drain();
  expect(smtp.messages.map((m) => m.to).sort()).toEqual(data.eligible.map((u) => u.email).sort());
  await page.reload();
  const row = page.locator('tr[data-campaign="reminder-wave-1"] td.n');
  expect(await row.allTextContents()).toEqual([String(data.eligible.length), String(data.eligible.length), "0", "0", "0"]);
  expect(await page.textContent('[data-figure="emailed_unmigrated"]')).toBe(String(data.eligible.length));
  await page.screenshot({ path: path.join(OUTPUT, "admin-dashboard.png"), fullPage: true });
  expect(existsSync(path.join(OUTPUT, "admin-dashboard.png"))).toBe(true);
  expect(external).toEqual([]);
  await page.close();
}, 60000);
