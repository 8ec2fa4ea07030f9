import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { AUTH_VERIFY_CACHE_SECONDS: "0" } });
});

afterAll(async () => {
  await t.close();
});

it("after /account/password, the changing session still passes /auth/verify and the user's other sessions do not", async () => {
  const u = await t.users.create();
  const other = t.client();
  expect((await other.loginForm(u.username, u.password)).status).toBe(303);
  const client = t.client();
  expect((await client.loginForm(u.username, u.password)).status).toBe(303);
  expect((await client.get("/auth/verify")).status).toBe(200);
  expect((await other.get("/auth/verify")).status).toBe(200);

  const csrf = await client.csrfFrom("/account/password");
  const res = await client.postForm("/account/password", { password: "Gateway-New-Pass-1", password_confirm: "Gateway-New-Pass-1", _csrf: csrf });
  expect(res.status).toBe(200);
  expect((await client.get("/auth/verify")).status).toBe(200);
  expect((await other.get("/auth/verify")).status).toBe(401);

  const api = t.client();
  expect((await api.postJson("/api/login", { identifier: u.username, password: "Gateway-New-Pass-1" })).status).toBe(200);
  expect((await api.postJson("/api/account/password", { password: "Gateway-New-Pass-2" })).status).toBe(200);
  expect((await api.get("/auth/verify")).status).toBe(200);
  expect((await client.get("/auth/verify")).status).toBe(401);
});
