import type { HttpClient } from "./HttpClient";

/** The pending-login id in the emulator's Universal Login page. */
export function loginTransaction(html: string): string {
  const match = /name="tx" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("no login form on the page");
  return match[1] as string;
}

/**
 * A browser at the emulator's `/authorize` (an absolute URL): answers the login page with `username` and
 * `password` when it shows (and the MFA page with `otp()` when the user is enrolled), and returns the
 * last answer: the redirect back to the application (302 with `location`) when all went well.
 */
export async function loginAtEmulator(
  browser: HttpClient,
  authorizeUrl: string,
  username: string,
  password: string,
  otp?: () => string,
): Promise<Response> {
  const url = new URL(authorizeUrl);
  const page = await browser.get(`${url.pathname}${url.search}`);
  if (page.status === 302) return page;
  if (page.status !== 200) throw new Error(`emulator /authorize answered ${page.status}`);
  const tx = loginTransaction(await page.text());
  const afterPassword = await browser.postForm("/u/login", { tx, username, password });
  if (afterPassword.status !== 200 || otp === undefined) return afterPassword;
  const mfa = await afterPassword.text();
  if (!mfa.includes('action="/u/mfa"')) throw new Error("expected the emulator's MFA page");
  return browser.postForm("/u/mfa", { tx: loginTransaction(mfa), code: otp() });
}
