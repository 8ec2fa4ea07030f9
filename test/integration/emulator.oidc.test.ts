import type * as Jose from "jose" with { "resolution-mode": "import" };
import type * as OidcClient from "openid-client" with { "resolution-mode": "import" };
import { ManagementClient } from "auth0";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { HttpClient } from "../support/HttpClient";
import { loginAtEmulator } from "../support/universalLogin";

/**
 * The emulator's Universal Login and RS256 tokens, driven by openid-client as a relying party would
 * (openid-client and jose are ESM-only: loaded with import(), which jest runs under --experimental-vm-modules).
 */

const M2M = { clientId: "oidc-m2m", clientSecret: "oidc-m2m-secret" };
const APP = {
  clientId: "oidc-app",
  clientSecret: "oidc-app-secret",
  callbacks: ["http://127.0.0.1:9/callback"],
  allowedLogoutUrls: ["http://127.0.0.1:9/"],
};
const API = { audience: "https://migration.example/api", scopes: ["read:migration_status", "write:other"] };
const PASSWORD = "Corr3ct-Horse!";

let emulator: Auth0Emulator;
let oidc: typeof OidcClient;
let jose: typeof Jose;
let config: OidcClient.Configuration;

beforeAll(async () => {
  oidc = await import("openid-client");
  jose = await import("jose");
  emulator = new Auth0Emulator({ ...M2M, loginClients: [APP], apis: [API] });
  await emulator.start();
  config = await oidc.discovery(new URL(emulator.baseUrl), APP.clientId, APP.clientSecret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
});

afterAll(async () => {
  await emulator.stop();
});

let counter = 0;
function seedUser(): { id: string; email: string } {
  counter += 1;
  const email = `oidc${counter}@example.com`;
  return { id: emulator.createUser({ email, password: PASSWORD, email_verified: true }).user_id, email };
}

interface Started {
  url: string;
  verifier: string;
  state: string;
  nonce: string;
}

async function startLogin(extra: Record<string, string> = {}): Promise<Started> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: APP.callbacks[0] as string,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url: url.href, verifier, state, nonce };
}

function location(res: Response): URL {
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") as string);
}

async function exchange(started: Started, callback: URL): Promise<OidcClient.TokenEndpointResponse & OidcClient.TokenEndpointResponseHelpers> {
  return oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
}

function adminPost(path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.baseUrl}/__emulator/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${M2M.clientSecret}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

test("discovery publishes the OIDC endpoints with issuer <baseUrl>/", () => {
  const meta = config.serverMetadata();
  expect(meta.issuer).toBe(`${emulator.baseUrl}/`);
  expect(meta.authorization_endpoint).toBe(`${emulator.baseUrl}/authorize`);
  expect(meta.jwks_uri).toBe(`${emulator.baseUrl}/.well-known/jwks.json`);
  expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
});

test("code flow with PKCE: login page, ID token checked by openid-client, userinfo", async () => {
  const user = seedUser();
  const browser = new HttpClient(emulator.baseUrl);
  const started = await startLogin();
  const wrong = await loginAtEmulator(browser, started.url, user.email, "not-the-password");
  expect(wrong.status).toBe(401);
  expect(await wrong.text()).toContain("Wrong email or password.");

  const back = location(await loginAtEmulator(browser, started.url, user.email, PASSWORD));
  expect(back.origin + back.pathname).toBe(APP.callbacks[0]);
  expect(back.searchParams.get("state")).toBe(started.state);
  const tokens = await exchange(started, back);
  const claims = tokens.claims();
  expect(claims).toMatchObject({
    iss: `${emulator.baseUrl}/`,
    aud: APP.clientId,
    sub: user.id,
    nonce: started.nonce,
    email: user.email,
    email_verified: true,
  });
  expect(jose.decodeProtectedHeader(tokens.id_token as string)).toMatchObject({ alg: "RS256", kid: emulator.signingKeyId });
  const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
  expect(info).toMatchObject({ sub: user.id, email: user.email });
});

test("a second authorize with the emulator's session cookie is silent", async () => {
  const user = seedUser();
  const browser = new HttpClient(emulator.baseUrl);
  const first = await startLogin();
  await exchange(first, location(await loginAtEmulator(browser, first.url, user.email, PASSWORD)));

  const second = await startLogin();
  const u = new URL(second.url);
  const silent = await browser.get(`${u.pathname}${u.search}`);
  const tokens = await exchange(second, location(silent));
  expect(tokens.claims()).toMatchObject({ sub: user.id, nonce: second.nonce });

  const forced = await startLogin({ prompt: "login" });
  const f = new URL(forced.url);
  expect((await browser.get(`${f.pathname}${f.search}`)).status).toBe(200);
  const anonymous = new HttpClient(emulator.baseUrl);
  const none = await startLogin({ prompt: "none" });
  const n = new URL(none.url);
  expect(location(await anonymous.get(`${n.pathname}${n.search}`)).searchParams.get("error")).toBe("login_required");
});

async function codeFor(started: Started): Promise<URL> {
  const user = seedUser();
  return location(await loginAtEmulator(new HttpClient(emulator.baseUrl), started.url, user.email, PASSWORD));
}

function rawTokenRequest(fields: Record<string, string>): Promise<Response> {
  return fetch(`${emulator.baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", client_id: APP.clientId, client_secret: APP.clientSecret, ...fields }).toString(),
  });
}

test("a code is single-use", async () => {
  const started = await startLogin();
  const back = await codeFor(started);
  await exchange(started, back);
  await expect(exchange(started, back)).rejects.toMatchObject({ error: "invalid_grant" });
});

test("the code is bound to the PKCE verifier, the redirect_uri and the client", async () => {
  const other = oidc.randomPKCECodeVerifier();
  const cases: Array<Record<string, string>> = [
    { code_verifier: other, redirect_uri: APP.callbacks[0] as string },
    { redirect_uri: "http://127.0.0.1:9/elsewhere" },
    { client_id: M2M.clientId, client_secret: M2M.clientSecret, redirect_uri: APP.callbacks[0] as string },
  ];
  for (const fields of cases) {
    const started = await startLogin();
    const code = (await codeFor(started)).searchParams.get("code") as string;
    const res = await rawTokenRequest({ code, code_verifier: started.verifier, ...fields });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/invalid_grant|unauthorized_client/) });
  }
});

test("authorize refuses unknown callbacks without redirecting, and requires PKCE S256", async () => {
  const browser = new HttpClient(emulator.baseUrl);
  const bad = new URL(`${emulator.baseUrl}/authorize`);
  bad.search = new URLSearchParams({ client_id: APP.clientId, redirect_uri: "http://evil.example/cb", response_type: "code" }).toString();
  const refused = await browser.get(`${bad.pathname}${bad.search}`);
  expect(refused.status).toBe(400);
  expect(refused.headers.get("location")).toBeNull();

  const noPkce = new URL(`${emulator.baseUrl}/authorize`);
  noPkce.search = new URLSearchParams({ client_id: APP.clientId, redirect_uri: APP.callbacks[0] as string, response_type: "code", state: "s1" }).toString();
  const back = location(await browser.get(`${noPkce.pathname}${noPkce.search}`));
  expect(back.searchParams.get("error")).toBe("invalid_request");
  expect(back.searchParams.get("state")).toBe("s1");
});

test("logout checks returnTo against the client's allowed logout URLs and ends the session", async () => {
  const user = seedUser();
  const browser = new HttpClient(emulator.baseUrl);
  const first = await startLogin();
  await loginAtEmulator(browser, first.url, user.email, PASSWORD);

  const refused = await browser.get(`/v2/logout?${new URLSearchParams({ client_id: APP.clientId, returnTo: "http://evil.example/" })}`);
  expect(refused.status).toBe(400);
  const out = await browser.get(`/v2/logout?${new URLSearchParams({ client_id: APP.clientId, returnTo: APP.allowedLogoutUrls[0] as string })}`);
  expect(location(out).href).toBe(APP.allowedLogoutUrls[0]);

  const again = await startLogin();
  const u = new URL(again.url);
  expect((await browser.get(`${u.pathname}${u.search}`)).status).toBe(200); // the login page, not a silent code
});

test("client credentials for another audience: an RS256 access token with the granted scopes", async () => {
  const jwks = jose.createRemoteJWKSet(new URL(`${emulator.baseUrl}/.well-known/jwks.json`));
  const res = await fetch(`${emulator.baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", client_id: M2M.clientId, client_secret: M2M.clientSecret, audience: API.audience, scope: "write:other unknown:scope" }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; scope: string };
  expect(body.scope).toBe("write:other");
  const { payload, protectedHeader } = await jose.jwtVerify(body.access_token, jwks, {
    issuer: `${emulator.baseUrl}/`,
    audience: API.audience,
    algorithms: ["RS256"],
  });
  expect(protectedHeader.alg).toBe("RS256");
  expect(payload).toMatchObject({ sub: `${M2M.clientId}@clients`, scope: "write:other" });

  const unknown = await fetch(`${emulator.baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", client_id: M2M.clientId, client_secret: M2M.clientSecret, audience: "https://nowhere.example/" }),
  });
  expect(unknown.status).toBe(403);
});

test("the signing key rotates through the admin API; the JWKS publishes the new and the previous key", async () => {
  const before = emulator.signingKeyId;
  const rotated = await adminPost("keys/rotate");
  expect(rotated.status).toBe(200);
  const { kid } = (await rotated.json()) as { kid: string };
  expect(kid).not.toBe(before);
  const jwks = (await (await fetch(`${emulator.baseUrl}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string; kty: string; d?: string }> };
  expect(jwks.keys.map((k) => k.kid)).toEqual([kid, before]);
  expect(jwks.keys.every((k) => k.kty === "RSA" && k.d === undefined)).toBe(true);

  const started = await startLogin();
  const tokens = await exchange(started, await codeFor(started));
  expect(jose.decodeProtectedHeader(tokens.id_token as string).kid).toBe(kid);
});

test("login clients are configured through the admin API, secrets kept out of the listing", async () => {
  const added = await adminPost("clients", {
    clientId: "second-app",
    clientSecret: "second-secret",
    callbacks: ["http://127.0.0.1:9/cb2"],
  });
  expect(added.status).toBe(200);
  const list = (await (
    await fetch(`${emulator.baseUrl}/__emulator/clients`, { headers: { authorization: `Bearer ${M2M.clientSecret}` } })
  ).json()) as Array<Record<string, unknown>>;
  expect(list.map((c) => c.clientId).sort()).toEqual(["oidc-app", "second-app"]);
  expect(list.every((c) => !("clientSecret" in c))).toBe(true);
  expect(JSON.stringify(list)).not.toContain("second-secret");
  expect((await adminPost("clients", { clientId: "x" })).status).toBe(400);
  expect((await adminPost("clients", { clientId: "x", clientSecret: "y", callbacks: ["javascript:alert(1)"] })).status).toBe(400);
});

test("MFA: an enrolled user answers a one-time code after the password; the ID token says amr mfa", async () => {
  const user = seedUser();
  const enrolled = await adminPost(`users/${encodeURIComponent(user.id)}/mfa`);
  expect(enrolled.status).toBe(200);
  expect(((await enrolled.json()) as { secret: string }).secret).toMatch(/^[A-Z2-7]{32}$/);
  const browser = new HttpClient(emulator.baseUrl);

  const started = await startLogin();
  const u = new URL(started.url);
  const tx = /name="tx" value="([^"]+)"/.exec(await (await browser.get(`${u.pathname}${u.search}`)).text())?.[1] as string;
  const second = await browser.postForm("/u/login", { tx, username: user.email, password: PASSWORD });
  expect(second.status).toBe(200);
  expect(await second.text()).toContain('action="/u/mfa"');
  const wrongCode = String((Number(emulator.totpCode(user.id)) + 500_000) % 1_000_000).padStart(6, "0");
  expect((await browser.postForm("/u/mfa", { tx, code: wrongCode })).status).toBe(401);
  const back = location(await browser.postForm("/u/mfa", { tx, code: emulator.totpCode(user.id) }));
  const tokens = await exchange(started, back);
  expect(tokens.claims()).toMatchObject({ sub: user.id, amr: ["pwd", "mfa"] });

  // The session remembers the second factor: the next authorize is silent.
  const again = await startLogin();
  const a = new URL(again.url);
  expect((await exchange(again, location(await browser.get(`${a.pathname}${a.search}`)))).claims()).toMatchObject({ amr: ["pwd", "mfa"] });
});

test("MFA: five wrong codes end the login", async () => {
  const user = seedUser();
  emulator.enrollMfa(user.id);
  const browser = new HttpClient(emulator.baseUrl);
  const started = await startLogin();
  const u = new URL(started.url);
  const tx = /name="tx" value="([^"]+)"/.exec(await (await browser.get(`${u.pathname}${u.search}`)).text())?.[1] as string;
  expect((await browser.postForm("/u/login", { tx, username: user.email, password: PASSWORD })).status).toBe(200);
  const wrongCode = String((Number(emulator.totpCode(user.id)) + 500_000) % 1_000_000).padStart(6, "0");
  const statuses: number[] = [];
  for (let i = 0; i < 5; i += 1) statuses.push((await browser.postForm("/u/mfa", { tx, code: wrongCode })).status);
  expect(statuses).toEqual([401, 401, 401, 401, 429]);
  expect((await browser.postForm("/u/mfa", { tx, code: emulator.totpCode(user.id) })).status).toBe(400);
});

test("MFA through the login helper", async () => {
  const user = seedUser();
  emulator.enrollMfa(user.id);
  const started = await startLogin();
  const back = location(await loginAtEmulator(new HttpClient(emulator.baseUrl), started.url, user.email, PASSWORD, () => emulator.totpCode(user.id)));
  expect((await exchange(started, back)).claims()).toMatchObject({ sub: user.id, amr: ["pwd", "mfa"] });
});

test("an imported user (hash from a users-import job) signs in on the login page with the old password", async () => {
  const mgmt = new ManagementClient({ domain: emulator.domain, ...M2M, fetch: loopbackFetch, maxRetries: 0 });
  const connectionId = (await mgmt.connections.list({ name: "Username-Password-Authentication", take: 50 })).data[0]?.id as string;
  const imported = { email: "imported-oidc@example.com", email_verified: true, password_hash: await new BcryptHasher(10).encode("Old-Legacy-Pass-1") };
  const job = await mgmt.jobs.usersImports.create({
    users: { data: Buffer.from(JSON.stringify([imported])), filename: "users.json", contentType: "application/json" },
    connection_id: connectionId,
    upsert: false,
    send_completion_email: false,
  });
  expect(await mgmt.jobs.get(job.id as string)).toMatchObject({ status: "completed", summary: { inserted: 1 } });

  const started = await startLogin();
  const back = location(await loginAtEmulator(new HttpClient(emulator.baseUrl), started.url, imported.email, "Old-Legacy-Pass-1"));
  expect(back.origin + back.pathname).toBe(APP.callbacks[0]);
  expect((await exchange(started, back)).claims()).toMatchObject({ email: imported.email });
});
