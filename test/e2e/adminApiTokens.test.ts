import { createHmac, createPublicKey, generateKeyPairSync, createSign } from "node:crypto";
import { STATUS_SCOPE } from "../../src/web/routes/adminApiRoutes";
import { startTestApp, TEST_CLIENT, type TestApp } from "../support/startTestApp";

/** GET /api/admin/status with the tenant's access tokens (ADMIN_API_AUDIENCE): DESIGN "Auth0 as the front door". */

const AUDIENCE = "https://migration.example.com/api";
let t: TestApp;
/** The service's clock runs ahead by this much (to pass the JWKS refresh cooldown without waiting). */
let aheadMs = 0;

beforeAll(async () => {
  t = await startTestApp({
    env: { ADMIN_API_AUDIENCE: AUDIENCE },
    emulator: { apis: [{ audience: AUDIENCE, scopes: [STATUS_SCOPE, "read:other"] }] },
    clock: () => Date.now() + aheadMs,
  });
});

afterAll(async () => {
  await t.close();
});

async function tenantToken(scope?: string): Promise<string> {
  const res = await fetch(`${t.emulator.baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", client_id: TEST_CLIENT.id, client_secret: TEST_CLIENT.secret, audience: AUDIENCE, ...(scope !== undefined ? { scope } : {}) }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function status(authorization: string): Promise<Response> {
  return t.client().get("/api/admin/status", { authorization });
}

function nowSeconds(): number {
  return Math.floor((Date.now() + aheadMs) / 1000);
}

/** Claims a tenant token for this API would carry; override to spoil one. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSeconds();
  return { iss: `${t.emulator.baseUrl}/`, sub: "monitor@clients", aud: AUDIENCE, iat, exp: iat + 600, scope: STATUS_SCOPE, ...overrides };
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function jwksRequests(): number {
  return t.emulator.requests.filter((r) => r.path === "/.well-known/jwks.json").length;
}

async function expectRefused(authorization: string): Promise<void> {
  const res = await status(authorization);
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ error: "invalid_token" });
  expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
}

test("a tenant token with read:migration_status gets the report", async () => {
  const token = await tenantToken();
  const res = await status(`Bearer ${token}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  for (const key of ["total_users", "migrated_users", "pending", "by_method"]) expect(body).toHaveProperty(key);
  expect(t.logs.join("")).not.toContain(token);
});

test("a valid token without the scope is refused with 403 insufficient_scope", async () => {
  const res = await status(`Bearer ${await tenantToken("read:other")}`);
  expect(res.status).toBe(403);
  expect(await res.json()).toMatchObject({ error: "insufficient_scope" });
  expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
});

test("garbage is a 401, never a 500", async () => {
  for (const authorization of ["Bearer", "Bearer ", "Bearer garbage", "Bearer a.b.c", "Bearer e30.e30.", "Bearer a b", "bearer ..", `Bearer ${"x".repeat(9000)}`, "Bearer \u00e9.\u00e9.\u00e9"]) {
    await expectRefused(authorization);
  }
});

test("alg none, HS256 keyed with the public key, a foreign kid and a tampered payload are refused", async () => {
  const good = await tenantToken();
  const [header, , signature] = good.split(".") as [string, string, string];
  const kid = t.emulator.signingKeyId;

  await expectRefused(`Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`);

  const jwks = (await (await fetch(`${t.emulator.baseUrl}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
  const publicPem = createPublicKey({ key: jwks.keys[0] as never, format: "jwk" }).export({ type: "spki", format: "pem" });
  const hsInput = `${b64({ alg: "HS256", typ: "JWT", kid })}.${b64(claims())}`;
  await expectRefused(`Bearer ${hsInput}.${createHmac("sha256", publicPem).update(hsInput).digest("base64url")}`);

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const foreignInput = `${b64({ alg: "RS256", typ: "JWT", kid: "not-a-tenant-key" })}.${b64(claims())}`;
  await expectRefused(`Bearer ${foreignInput}.${createSign("RSA-SHA256").update(foreignInput).sign(privateKey).toString("base64url")}`);
  const ownKidInput = `${b64({ alg: "RS256", typ: "JWT", kid })}.${b64(claims())}`;
  await expectRefused(`Bearer ${ownKidInput}.${createSign("RSA-SHA256").update(ownKidInput).sign(privateKey).toString("base64url")}`);

  await expectRefused(`Bearer ${header}.${b64(claims({ sub: "someone-else" }))}.${signature}`);
});

test("issuer, audience, exp and nbf are checked, with a small leeway", async () => {
  const now = nowSeconds();
  await expectRefused(`Bearer ${t.emulator.signToken(claims({ iss: "https://other-tenant.auth0.com/" }))}`);
  await expectRefused(`Bearer ${t.emulator.signToken(claims({ aud: "https://other.example/api" }))}`);
  await expectRefused(`Bearer ${t.emulator.signToken(claims({ exp: now - 300 }))}`);
  await expectRefused(`Bearer ${t.emulator.signToken(claims({ nbf: now + 300 }))}`);
  await expectRefused(`Bearer ${t.emulator.signToken(claims({ exp: undefined }))}`);
  expect((await status(`Bearer ${t.emulator.signToken(claims({ exp: now - 5 }))}`)).status).toBe(200);
  expect((await status(`Bearer ${t.emulator.signToken(claims({ aud: ["https://other.example/api", AUDIENCE] }))}`)).status).toBe(200);
});

test("a rotated key is fetched on its unknown kid, at most once per cooldown", async () => {
  expect((await status(`Bearer ${await tenantToken()}`)).status).toBe(200);
  const fetchesBefore = jwksRequests();
  t.emulator.rotateSigningKey();
  const rotated = await tenantToken();

  // Within the cooldown since the last fetch: no refetch, however many unknown kids arrive.
  await expectRefused(`Bearer ${rotated}`);
  await expectRefused(`Bearer ${rotated}`);
  expect(jwksRequests()).toBe(fetchesBefore);

  aheadMs += 31_000;
  expect((await status(`Bearer ${rotated}`)).status).toBe(200);
  expect(jwksRequests()).toBe(fetchesBefore + 1);
  // Tokens signed with the previous key still verify (Auth0 keeps it published during a rotation).
  expect((await status(`Bearer ${t.emulator.signToken(claims())}`)).status).toBe(200);
});

test("a staff session still works alongside the bearer path", async () => {
  const u = await t.users.create({ isStaff: true });
  const client = t.client();
  expect((await client.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
  expect((await client.get("/api/admin/status")).status).toBe(200);
});
