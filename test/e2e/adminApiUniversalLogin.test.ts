import { HttpClient } from "../support/HttpClient";
import { startTestApp, TEST_CLIENT, type TestApp } from "../support/startTestApp";
import { loginAtEmulator } from "../support/universalLogin";
import { STATUS_SCOPE } from "../../src/web/routes/adminApiRoutes";

/**
 * ADMIN_LOGIN=auth0 covers GET /api/admin/status as it covers /admin: a staff session must have
 * come through Universal Login (the emulator's, as the sandbox wires it); bearer tokens go on.
 */
const AUDIENCE = "https://migration.example.com/api";
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    env: { ADMIN_LOGIN: "auth0", ADMIN_API_AUDIENCE: AUDIENCE },
    emulator: { apis: [{ audience: AUDIENCE, scopes: [STATUS_SCOPE] }] },
  });
});

afterAll(async () => {
  await t?.close();
});

it("answers a staff password session 403 telling it to log in through Auth0, and the same staff user's Universal Login session 200", async () => {
  const staff = await t.users.create({ isStaff: true });
  const client = t.client();
  // The password form still logs staff in (and migrates them into the tenant)...
  expect((await client.loginForm(staff.username, staff.password)).status).toBe(303);
  expect((await client.get("/api/me")).status).toBe(200);
  // ...but the admin API, like /admin, wants a Universal Login session.
  const refused = await client.get("/api/admin/status");
  expect(refused.status).toBe(403);
  const body = (await refused.json()) as { error: string; message: string };
  expect(body.error).toBe("universal_login_required");
  expect(body.message).toContain("log in through Auth0");
  expect(body.message).toContain("/login/auth0");

  const start = await client.get("/login/auth0?next=%2Fadmin");
  expect(start.status).toBe(302);
  const back = await loginAtEmulator(new HttpClient(t.emulator.baseUrl), start.headers.get("location") ?? "", staff.email ?? "", staff.password);
  expect(back.status).toBe(302);
  const callback = new URL(back.headers.get("location") ?? "");
  expect((await client.get(`${callback.pathname}${callback.search}`)).status).toBe(303);
  const allowed = await client.get("/api/admin/status");
  expect(allowed.status).toBe(200);
  expect(await allowed.json()).toHaveProperty("migrated_percent");
});

it("keeps the staff rule ahead of it: a non-staff password session gets 403 Staff only", async () => {
  const user = await t.users.create();
  const client = t.client();
  expect((await client.loginForm(user.username, user.password)).status).toBe(303);
  const res = await client.get("/api/admin/status");
  expect(res.status).toBe(403);
  expect(((await res.json()) as { error: string }).error).toBe("forbidden");
});

it("leaves bearer tokens unaffected: the tenant's token with the scope gets the report, without a session", async () => {
  const token = await fetch(`${t.emulator.baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", client_id: TEST_CLIENT.id, client_secret: TEST_CLIENT.secret, audience: AUDIENCE, scope: STATUS_SCOPE }),
  });
  expect(token.status).toBe(200);
  const { access_token } = (await token.json()) as { access_token: string };
  const res = await t.client().get("/api/admin/status", { authorization: `Bearer ${access_token}` });
  expect(res.status).toBe(200);
  expect(await res.json()).toHaveProperty("migrated_percent");
});
