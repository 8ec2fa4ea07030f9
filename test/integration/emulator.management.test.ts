import { Management, ManagementClient } from "auth0";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { managementFailure as failure } from "../support/auth0Sdk";

/** The Management API of the emulator, driven through the real auth0 v7 SDK. */

const CLIENT = { clientId: "mgmt-test-client", clientSecret: "mgmt-test-secret" };
const DEFAULT = "Username-Password-Authentication";
const NAMED = "Named-Users";
const STRONG = "Str0ng-Passw0rd!";

let emulator: Auth0Emulator;
let mgmt: ManagementClient;

function client(domain: string): ManagementClient {
  return new ManagementClient({ domain, ...CLIENT, fetch: loopbackFetch, maxRetries: 0 });
}

let counter = 0;
function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}${counter}.${Date.now()}@example.com`;
}

beforeAll(async () => {
  emulator = new Auth0Emulator({
    ...CLIENT,
    connections: [
      { name: DEFAULT, requiresUsername: false, passwordPolicy: "good" },
      { name: NAMED, requiresUsername: true, passwordPolicy: "low" },
    ],
  });
  const { domain, baseUrl } = await emulator.start();
  expect(domain).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(baseUrl).toBe(`http://${domain}`);
  mgmt = client(domain);
});

afterAll(async () => {
  await emulator.stop();
});

describe("POST /api/v2/users", () => {
  it("creates a user: 201 with Auth0's shape, email lower-cased, password really set", async () => {
    const email = uniqueEmail("Mixed.Case");
    const { data, rawResponse } = await mgmt.users
      .create({
        connection: DEFAULT,
        email,
        password: STRONG,
        app_metadata: { legacy_id: "42" },
        user_metadata: { locale: "fr" },
      })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(data.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
    const hex = (data.user_id as string).slice("auth0|".length);
    expect(data.identities).toEqual([{ connection: DEFAULT, user_id: hex, provider: "auth0", isSocial: false }]);
    expect(data.email).toBe(email.toLowerCase());
    expect(data.email_verified).toBe(false);
    expect(data.name).toBe(email.toLowerCase());
    expect(data.nickname).toBe(email.toLowerCase().split("@")[0]);
    expect(data.picture).toMatch(/^https:\/\//);
    expect(new Date(data.created_at as string).toISOString()).toBe(data.created_at);
    expect(data.updated_at).toBe(data.created_at);
    expect(data.app_metadata).toEqual({ legacy_id: "42" });
    expect(data.user_metadata).toEqual({ locale: "fr" });
    expect(data).not.toHaveProperty("username");
    expect(emulator.checkPassword(data.user_id as string, STRONG)).toBe(true);
    expect(emulator.checkPassword(data.user_id as string, "something else")).toBe(false);
    expect(emulator.getUser(data.user_id as string)?.email).toBe(email.toLowerCase());
  });

  it("honours email_verified when given", async () => {
    const user = await mgmt.users.create({ connection: DEFAULT, email: uniqueEmail(), password: STRONG, email_verified: true });
    expect(user.email_verified).toBe(true);
  });

  it("answers 409 for the same email in another case", async () => {
    const email = uniqueEmail("dup");
    await mgmt.users.create({ connection: DEFAULT, email, password: STRONG });
    const err = await failure(() => mgmt.users.create({ connection: DEFAULT, email: email.toUpperCase(), password: STRONG }));
    expect(err).toBeInstanceOf(Management.ConflictError);
    expect(err.statusCode).toBe(409);
    expect(err.body).toEqual({ statusCode: 409, error: "Conflict", message: "The user already exists.", errorCode: "auth0_idp_error" });
    expect(emulator.listUsers().filter((u) => u.email === email.toLowerCase())).toHaveLength(1);
  });

  it("answers 400 PasswordStrengthError for a password the policy rejects, and creates nothing", async () => {
    const email = uniqueEmail("weak");
    const err = await failure(() => mgmt.users.create({ connection: DEFAULT, email, password: "password" }));
    expect(err).toBeInstanceOf(Management.BadRequestError);
    expect(err.statusCode).toBe(400);
    expect((err.body as { message: string }).message).toBe("PasswordStrengthError: Password is too weak");
    expect(emulator.listUsers().some((u) => u.email === email)).toBe(false);
  });

  it("validates the payload: missing fields, unknown connection, bad email", async () => {
    const missing = await failure(() => mgmt.users.create({ connection: DEFAULT, email: uniqueEmail() } as never));
    expect(missing.statusCode).toBe(400);
    expect((missing.body as { message: string }).message).toMatch(/^Payload validation error: .*password/);

    const noConnection = await failure(() => mgmt.users.create({ email: uniqueEmail(), password: STRONG } as never));
    expect((noConnection.body as { message: string }).message).toMatch(/^Payload validation error: .*connection/);

    const unknown = await failure(() => mgmt.users.create({ connection: "Nope", email: uniqueEmail(), password: STRONG }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, error: "Bad Request", message: "The connection does not exist." });

    const badEmail = await failure(() => mgmt.users.create({ connection: DEFAULT, email: "not-an-email", password: STRONG }));
    expect(badEmail.statusCode).toBe(400);
  });

  it("applies the username rules of each connection", async () => {
    // Username on a connection that does not require one.
    const notAllowed = await failure(() => mgmt.users.create({ connection: DEFAULT, email: uniqueEmail(), password: STRONG, username: "alice" }));
    expect(notAllowed.statusCode).toBe(400);
    // Missing where required.
    const missing = await failure(() => mgmt.users.create({ connection: NAMED, email: uniqueEmail(), password: "sixchr" }));
    expect(missing.statusCode).toBe(400);
    expect((missing.body as { message: string }).message).toMatch(/username/);
    // Too long, email-shaped.
    for (const username of ["a".repeat(16), "bob@example.com", ""]) {
      const bad = await failure(() => mgmt.users.create({ connection: NAMED, email: uniqueEmail(), password: "sixchr", username }));
      expect(bad.statusCode).toBe(400);
    }
    // The connection's own policy applies ("low": 6 characters).
    const weak = await failure(() => mgmt.users.create({ connection: NAMED, email: uniqueEmail(), password: "five5", username: "shorty" }));
    expect((weak.body as { message: string }).message).toBe("PasswordStrengthError: Password is too weak");

    const created = await mgmt.users.create({ connection: NAMED, email: uniqueEmail(), password: "sixchr", username: "Carol_99" });
    expect(created.username).toBe("Carol_99");
    expect(created.identities?.[0]?.connection).toBe(NAMED);
    // Same username in another case: conflict.
    const dup = await failure(() => mgmt.users.create({ connection: NAMED, email: uniqueEmail(), password: "sixchr", username: "carol_99" }));
    expect(dup.statusCode).toBe(409);
  });
});

describe("GET /api/v2/users-by-email", () => {
  it("matches the stored lower-cased address exactly (the query is not lower-cased) and never 404s", async () => {
    const email = uniqueEmail("Exact.Match");
    const created = await mgmt.users.create({ connection: DEFAULT, email, password: STRONG });
    const lower = await mgmt.users.listUsersByEmail({ email: email.toLowerCase() });
    expect(lower.map((u) => u.user_id)).toEqual([created.user_id]);
    expect(await mgmt.users.listUsersByEmail({ email })).toEqual([]); // mixed case misses, as on Auth0
    expect(await mgmt.users.listUsersByEmail({ email: "nobody@example.com" })).toEqual([]);
  });
});

describe("GET/PATCH/DELETE /api/v2/users/:id", () => {
  it("gets, updates (password under policy, blocked, metadata) and deletes a user", async () => {
    const created = await mgmt.users.create({ connection: DEFAULT, email: uniqueEmail(), password: STRONG, app_metadata: { a: 1, b: 2 } });
    const id = created.user_id as string;

    const got = await mgmt.users.get(id);
    expect(got.user_id).toBe(id);
    expect(got.email).toBe(created.email);

    const weak = await failure(() => mgmt.users.update(id, { password: "weak", connection: DEFAULT }));
    expect(weak.statusCode).toBe(400);
    expect((weak.body as { message: string }).message).toBe("PasswordStrengthError: Password is too weak");
    expect(emulator.checkPassword(id, STRONG)).toBe(true);

    const updated = await mgmt.users.update(id, { password: "N3w-Password!", connection: DEFAULT, app_metadata: { b: null, c: 3 } });
    expect(emulator.checkPassword(id, "N3w-Password!")).toBe(true);
    expect(emulator.checkPassword(id, STRONG)).toBe(false);
    expect(updated.app_metadata).toEqual({ a: 1, c: 3 });

    const blocked = await mgmt.users.update(id, { blocked: true });
    expect(blocked.blocked).toBe(true);
    expect(emulator.getUser(id)?.blocked).toBe(true);

    const { rawResponse } = await mgmt.users.delete(id).withRawResponse();
    expect(rawResponse.status).toBe(204);
    expect(emulator.getUser(id)).toBeUndefined();

    const gone = await failure(() => mgmt.users.get(id));
    expect(gone).toBeInstanceOf(Management.NotFoundError);
    expect(gone.body).toEqual({ statusCode: 404, error: "Not Found", message: "The user does not exist.", errorCode: "inexistent_user" });
    const patchGone = await failure(() => mgmt.users.update(id, { blocked: false }));
    expect(patchGone.statusCode).toBe(404);
  });

  it("refuses to change an email to one another user of the connection has", async () => {
    const a = await mgmt.users.create({ connection: DEFAULT, email: uniqueEmail("a"), password: STRONG });
    const b = await mgmt.users.create({ connection: DEFAULT, email: uniqueEmail("b"), password: STRONG });
    const err = await failure(() => mgmt.users.update(b.user_id as string, { email: (a.email as string).toUpperCase() }));
    expect(err.statusCode).toBe(409);
  });
});

describe("GET /api/v2/users", () => {
  it("pages with totals and filters by identities.connection", async () => {
    const conn = "Paging-Conn";
    emulator.configureConnection(conn, { passwordPolicy: "none" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await mgmt.users.create({ connection: conn, email: uniqueEmail("page"), password: "x" })).user_id as string);

    const q = `identities.connection:"${conn}"`;
    const first = await mgmt.users.list({ q, per_page: 2, page: 0, include_totals: true, search_engine: "v3" });
    const firstPage = first.response as { users: Array<{ user_id: string }>; start: number; limit: number; length: number; total: number };
    expect(firstPage).toMatchObject({ start: 0, limit: 2, length: 2, total: 5 });
    expect(firstPage.users.map((u) => u.user_id)).toEqual(ids.slice(0, 2));

    const third = await mgmt.users.list({ q, per_page: 2, page: 2, include_totals: true });
    expect((third.response as { users: unknown[] }).users).toHaveLength(1);

    // Iterating the SDK's pager reaches every user of the connection, and only them.
    const seen: string[] = [];
    for await (const user of await mgmt.users.list({ q, per_page: 2 })) {
      seen.push(user.user_id as string);
      if (seen.length > 20) break;
    }
    expect(seen).toEqual(ids);

    const tooBig = await failure(() => mgmt.users.list({ per_page: 101 }));
    expect(tooBig.statusCode).toBe(400);
  });

  it("answers a plain array without include_totals, and 400 for unsupported query syntax", async () => {
    const raw = await fetch(`${emulator.baseUrl}/api/v2/users?per_page=1`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(raw.status).toBe(200);
    expect(Array.isArray(await raw.json())).toBe(true);
    const bad = await failure(() => mgmt.users.list({ q: "email:a OR email:b" }));
    expect(bad.statusCode).toBe(400);
  });
});

describe("POST /api/v2/tickets/password-change", () => {
  it("returns a ticket URL on the emulator, 404 for an unknown user", async () => {
    const user = await mgmt.users.create({ connection: DEFAULT, email: uniqueEmail(), password: STRONG });
    const { data, rawResponse } = await mgmt.tickets
      .changePassword({ user_id: user.user_id as string, result_url: "http://localhost:3000/done", ttl_sec: 600 })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(data.ticket).toMatch(new RegExp(`^${emulator.baseUrl.replace(/\./g, "\\.")}/lo/reset\\?ticket=[A-Za-z0-9_-]+`));
    const err = await failure(() => mgmt.tickets.changePassword({ user_id: "auth0|000000000000000000000000" }));
    expect(err.statusCode).toBe(404);
  });
});

describe("rate limit headers and Management API auth", () => {
  it("puts x-ratelimit-* on successes and errors", async () => {
    const { rawResponse } = await mgmt.users.listUsersByEmail({ email: "nobody@example.com" }).withRawResponse();
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(Number(rawResponse.headers.get("x-ratelimit-limit"))).toBe(10000);
    expect(Number(rawResponse.headers.get("x-ratelimit-remaining"))).toBeLessThan(10000);
    expect(Number(rawResponse.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(nowSeconds);

    const err = await failure(() => mgmt.users.get("auth0|ffffffffffffffffffffffff"));
    expect(err.statusCode).toBe(404);
    expect(err.rawResponse?.headers.get("x-ratelimit-limit")).toBe("10000");
    expect(err.rawResponse?.headers.get("x-ratelimit-remaining")).not.toBeNull();
    expect(err.rawResponse?.headers.get("x-ratelimit-reset")).not.toBeNull();
  });

  it("answers 429 with retry-after when the budget is spent, then recovers", async () => {
    const limited = new Auth0Emulator({ ...CLIENT, rateLimit: { limit: 3, windowSeconds: 1 } });
    const { domain } = await limited.start();
    try {
      const c = client(domain);
      for (let i = 0; i < 3; i++) await c.users.listUsersByEmail({ email: "x@example.com" });
      const err = await failure(() => c.users.listUsersByEmail({ email: "x@example.com" }));
      expect(err).toBeInstanceOf(Management.TooManyRequestsError);
      expect(err.body).toEqual({ statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached", errorCode: "too_many_requests" });
      const headers = err.rawResponse?.headers;
      expect(headers?.get("x-ratelimit-remaining")).toBe("0");
      expect(headers?.get("x-ratelimit-limit")).toBe("3");
      expect(Number(headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const resetAt = Number(headers?.get("x-ratelimit-reset"));
      expect(resetAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
      // The window is 1 s: wait it out (bounded) and the budget is back.
      await new Promise((r) => setTimeout(r, Math.max(0, resetAt * 1000 - Date.now()) + 50));
      await expect(c.users.listUsersByEmail({ email: "x@example.com" })).resolves.toEqual([]);
    } finally {
      await limited.stop();
    }
  });

  it("refuses a missing or unknown token with 401 Invalid token, and a wrong client secret at the token endpoint", async () => {
    const url = `${emulator.baseUrl}/api/v2/users-by-email?email=a%40b.c`;
    for (const authorization of [undefined, "Bearer not-a-token", "Basic abc"]) {
      const res = await fetch(url, authorization ? { headers: { authorization } } : {});
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ statusCode: 401, error: "Unauthorized", message: "Invalid token" });
      expect(res.headers.get("x-ratelimit-limit")).not.toBeNull();
    }
    // A wrong client secret: the SDK's token request fails.
    const wrong = new ManagementClient({ domain: emulator.domain, clientId: CLIENT.clientId, clientSecret: "wrong", fetch: loopbackFetch, maxRetries: 0 });
    const err = await failure(() => wrong.users.listUsersByEmail({ email: "a@b.c" }));
    expect(err.statusCode).toBe(401);
    expect(err.body).toEqual({ error: "access_denied", error_description: "Unauthorized" });
  });

  it("answers 400 for a malformed JSON body, 413 over 100 KB, 404 JSON for unknown routes", async () => {
    const authorization = `Bearer ${await token()}`;
    const bad = await fetch(`${emulator.baseUrl}/api/v2/users`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: '{"connection": ',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ statusCode: 400, error: "Bad Request" });

    const big = await fetch(`${emulator.baseUrl}/api/v2/users`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ connection: DEFAULT, email: uniqueEmail(), password: STRONG, user_metadata: { blob: "x".repeat(150 * 1024) } }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ statusCode: 413 });

    const unknown = await fetch(`${emulator.baseUrl}/api/v2/nothing-here`, { headers: { authorization } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404, error: "Not Found" });
    const root = await fetch(`${emulator.baseUrl}/`);
    expect(root.status).toBe(404);
    expect(root.headers.get("content-type")).toMatch(/application\/json/);

    // Still healthy afterwards.
    await expect(mgmt.users.listUsersByEmail({ email: "nobody@example.com" })).resolves.toEqual([]);
  });
});

/** A Management token from a raw client-credentials request (JSON body this time). */
async function token(): Promise<string> {
  const res = await fetch(`${emulator.baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret } }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
  expect(body.token_type).toBe("Bearer");
  expect(body.expires_in).toBe(86400);
  expect(body.scope).toBe("create:users read:users update:users delete:users");
  return body.access_token;
}

describe("GET /api/v2/connections", () => {
  it("answers the named database connection with its password policy, through the SDK", async () => {
    const page = await mgmt.connections.list({ name: NAMED, strategy: ["auth0"] });
    const found = page.data as Array<{ name?: string; strategy?: string; options?: { passwordPolicy?: string; requires_username?: boolean } }>;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ name: NAMED, strategy: "auth0", options: { passwordPolicy: "low", requires_username: true } });
    const none = await mgmt.connections.list({ name: "No-Such-Connection" });
    expect(none.data).toHaveLength(0);
  });
});
