import { HttpClient } from "../support/HttpClient";
import type { CreatedLegacyUser } from "../support/legacyUsers";
import { EchoUpstream, type ReceivedRequest } from "../support/nginx/EchoUpstream";
import { startNginxGateway, type NginxGateway } from "../support/nginx/startNginxGateway";
import { loginAtEmulator } from "../support/universalLogin";

/**
 * The cut-over through Debian's nginx with docs/integration.md's configuration: the same database
 * and tenant (the emulator) behind two gateways, one with LOGIN_MODE=legacy (before) and one with
 * LOGIN_MODE=universal (after). The application must not notice: it receives the same headers.
 * Without nginx this file fails.
 */
let before: NginxGateway;
let after: NginxGateway;

beforeAll(async () => {
  before = await startNginxGateway();
  after = await startNginxGateway({
    env: { LOGIN_MODE: "universal" },
    testDb: before.service.testDb,
    sharedEmulator: before.service.emulator,
  });
}, 60000);

afterAll(async () => {
  await after?.stop({ db: true, emulator: true });
  await before?.stop();
});

const HTML = { accept: "text/html,application/xhtml+xml" };
const IDENTITY = ["X-Auth-Request-User", "X-Auth-Request-User-Id", "X-Auth-Request-Email", "X-Auth-Request-Migration", "X-Auth-Request-Auth0-Id"];

function locationOf(res: Response, base: string): URL {
  const location = res.headers.get("location");
  if (!location) throw new Error(`no Location on a ${res.status}`);
  return new URL(location, base);
}

/** GET through nginx; what the application received (null: not reached). */
async function getApp(g: NginxGateway, client: HttpClient, path: string): Promise<{ res: Response; seen: ReceivedRequest | null }> {
  const count = g.upstream.received.length;
  const res = await client.get(path, HTML);
  await res.arrayBuffer();
  const seen = g.upstream.received.length > count ? g.upstream.last() : null;
  expect(g.upstream.received.length - count).toBe(seen ? 1 : 0);
  return { res, seen };
}

function identityHeaders(seen: ReceivedRequest): Record<string, string[]> {
  return Object.fromEntries(IDENTITY.map((name) => [name, EchoUpstream.aliasesOf(seen, name).map(([, v]) => v)]));
}

/** Before the cut-over: the password form (which also migrates the user into the tenant). */
async function legacyLogin(user: CreatedLegacyUser, next: string): Promise<ReceivedRequest> {
  const client = before.client();
  const csrf = await client.csrfFrom(`/login?next=${encodeURIComponent(next)}`);
  const posted = await client.postForm("/login", { _csrf: csrf, identifier: user.username, password: user.password, next });
  expect(posted.status).toBe(303);
  const { res, seen } = await getApp(before, client, next);
  expect(res.status).toBe(200);
  return seen!;
}

it("LOGIN_MODE=universal: anonymous /app/page -> /login -> the tenant's Universal Login -> /callback -> /app/page, with the headers of before the cut-over", async () => {
  const alice = await before.service.users.create({ username: "alice", email: "alice@example.com" });
  const legacy = identityHeaders(await legacyLogin(alice, "/app/page?x=1"));
  expect(legacy["X-Auth-Request-User"]).toEqual(["alice"]);
  expect(legacy["X-Auth-Request-Auth0-Id"]).toEqual([expect.stringMatching(/^auth0\|/)]);

  const client = after.client();
  const { res: first, seen: none } = await getApp(after, client, "/app/page?x=1");
  expect(first.status).toBe(302);
  expect(none).toBeNull();
  const login = locationOf(first, after.url);
  expect(`${login.origin}${login.pathname}`).toBe(`${after.url}/login`);
  expect(login.searchParams.get("next")).toBe("/app/page?x=1");

  // /login, served by the service through nginx, sends the browser to the tenant.
  const toTenant = await client.get(`${login.pathname}${login.search}`, HTML);
  expect(toTenant.status).toBe(302);
  const authorize = locationOf(toTenant, after.url);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${after.service.emulator.baseUrl}/authorize`);

  const tenant = new HttpClient(after.service.emulator.baseUrl);
  const fromTenant = await loginAtEmulator(tenant, authorize.href, alice.email ?? "", alice.password);
  expect(fromTenant.status).toBe(302);
  const callback = locationOf(fromTenant, after.url);
  expect(`${callback.origin}${callback.pathname}`).toBe(`${after.url}/callback`);

  // /callback goes through nginx to the service too (docs/integration.md routes it there).
  const back = await client.get(`${callback.pathname}${callback.search}`, HTML);
  expect(back.status).toBe(303);
  expect(back.headers.get("location")).toBe("/app/page?x=1");

  const { res, seen } = await getApp(after, client, "/app/page?x=1");
  expect(res.status).toBe(200);
  expect(seen?.url).toBe("/app/page?x=1");
  expect(identityHeaders(seen!)).toEqual(legacy);
}, 60000);

it("LOGIN_MODE=universal: a password form post through nginx is not read and goes to Universal Login", async () => {
  const bob = await before.service.users.create();
  const client = after.client();
  const res = await client.postForm("/login", { identifier: bob.username, password: bob.password, next: "/app/x" });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/login/auth0?next=%2Fapp%2Fx");
  const { res: app, seen } = await getApp(after, client, "/app/x");
  expect(app.status).toBe(302);
  expect(seen).toBeNull();
});
