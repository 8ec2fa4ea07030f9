import type { HttpClient } from "./HttpClient";

/**
 * Logs the client in through the password login form (CSRF token first, then the 303) and hands
 * it back carrying the session cookie.
 */
export async function loggedIn(client: HttpClient, user: { username: string; password: string }): Promise<HttpClient> {
  const res = await client.loginForm(user.username, user.password);
  expect(res.status).toBe(303);
  return client;
}
