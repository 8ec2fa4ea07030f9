import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { startNginxGateway, type NginxGateway } from "../support/nginx/startNginxGateway";

/**
 * A real browser through Debian's nginx with docs/integration.md's configuration. chromium and
 * nginx are installed by `npm test` and .ci/run; missing, this test fails: it does not skip.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let g: NginxGateway;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`);
  }
  g = await startNginxGateway();
  // Root in a container has no user namespaces for chromium's sandbox; the pages are our own.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}, 60000);

afterAll(async () => {
  await browser?.close();
  await g?.stop();
});

it("opens the application, lands on the login page, logs in and arrives on the application's page as alice", async () => {
  const alice = await g.service.users.create({ username: "alice", email: "alice@example.com" });
  const page = await browser.newPage();
  const appUrl = `${g.url}/app/page?x=1`;

  await page.goto(appUrl);
  const login = new URL(page.url());
  expect(login.pathname).toBe("/login");
  expect(login.searchParams.get("next")).toBe("/app/page?x=1");
  expect(g.upstream.received).toHaveLength(0);

  await page.fill("#identifier", alice.username);
  await page.fill("#password", alice.password);
  await Promise.all([page.waitForURL(appUrl), page.click("button[type=submit]")]);

  expect(await page.textContent("#user")).toBe("alice");
  // The browser asks for /favicon.ico too: look for the page's own request.
  const pages = g.upstream.received.filter((r) => r.url === "/app/page?x=1");
  expect(pages).toHaveLength(1);
  const seen = pages[0]!;
  expect(seen.headers["x-auth-request-user"]).toBe("alice");
  expect(seen.headers["x-auth-request-user-id"]).toBe(alice.id);
  await page.close();
}, 60000);
