import type { HttpClient } from "./HttpClient";

/** The pending-login id in the emulator's Universal Login page. */
export function loginTransaction(html: string): string {
  const match = /name="tx" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("no login form on the page");
  return match[1] as string;
}

/**
 * A browser at the emulator's `/authorize` (an absolute URL): answers the login page with `username` and
 * `password` when it shows, and returns the final redirect back to the application (302 with `location`).
 */
export async function loginAtEmulator(browser: HttpClient, authorizeUrl: string, username: string, password: string): Promise<Response> {
  const url = new URL(authorizeUrl);
  const page = await browser.get(`${url.pathname}${url.search}`);
  if (page.status === 302) return page;
  if (page.status !== 200) throw new Error(`emulator /authorize answered ${page.status}`);
  const tx = loginTransaction(await page.text());
  return browser.postForm("/u/login", { tx, username, password });
}
