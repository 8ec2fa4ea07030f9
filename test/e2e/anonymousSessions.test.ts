import { SmtpSink } from "../support/SmtpSink";
import { startTestApp, type TestApp } from "../support/startTestApp";
import { startTestAppWithSmtp } from "../support/startTestAppWithSmtp";
import type { HttpClient } from "../support/HttpClient";

// Issue 17 item 10: anonymous page views stored a session row each (50 GET /login: 50 rows).
// Their forms now carry a CSRF token signed against a per-browser cookie instead.

let t: TestApp;
let smtp: SmtpSink;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, smtp, close } = await startTestAppWithSmtp());
});

afterAll(() => close());

async function sessionRows(): Promise<number> {
  const [row] = await t.testDb.db("auth0_sessions").count({ n: "*" });
  return Number(row?.n);
}

async function resetLinkFor(email: string): Promise<string> {
  expect((await t.client().postJson("/api/password-reset", { email })).status).toBe(202);
  await t.app.reset.drain();
  return SmtpSink.resetPath(smtp.to(email).at(-1)!);
}

/** A form post refused for its token: 403 and nothing stored. */
async function expectRefused(client: HttpClient, path: string, fields: Record<string, string>): Promise<void> {
  const res = await client.postForm(path, fields);
  expect(res.status).toBe(403);
  expect(await res.text()).toContain("did not come from this site");
}

beforeEach(async () => {
  await t.testDb.db("auth0_sessions").delete();
});

it("stores no session for 50 anonymous views of the login and reset pages, nor for a failed login", async () => {
  const u = await t.users.create();
  const link = await resetLinkFor(u.email!);
  for (let i = 0; i < 50; i += 1) {
    const res = await t.client().get("/login");
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join("\n")).not.toContain("auth0_migrate_sid");
  }
  expect((await t.client().get("/password-reset")).status).toBe(200);
  expect((await t.client().get(link)).status).toBe(200);
  const client = t.client();
  const csrf = await client.csrfFrom("/login");
  expect((await client.postForm("/login", { identifier: u.username, password: "Wrong-Pass-9", _csrf: csrf })).status).toBe(401);
  expect(await sessionRows()).toBe(0);
});

it("sets the anonymous CSRF cookie HttpOnly and SameSite=Lax, once per browser", async () => {
  const client = t.client();
  const first = await client.get("/login");
  const cookie = first.headers.getSetCookie().find((c) => c.startsWith("auth0_migrate_csrf="));
  expect(cookie).toMatch(/;\s*httponly/i);
  expect(cookie).toMatch(/;\s*samesite=lax/i);
  expect(cookie).toMatch(/;\s*path=\//i);
  // Over plain http (PUBLIC_URL http://) the cookie cannot be Secure.
  expect(cookie).not.toMatch(/;\s*secure/i);
  const again = await client.get("/password-reset");
  expect(again.headers.getSetCookie().join("\n")).not.toContain("auth0_migrate_csrf=");
});

it("login form: refuses a missing, wrong or other browser's token; the right one logs in and only then stores a session", async () => {
  const u = await t.users.create();
  const client = t.client();
  const csrf = await client.csrfFrom("/login");
  const fields = { identifier: u.username, password: u.password };
  await expectRefused(client, "/login", fields);
  await expectRefused(client, "/login", { ...fields, _csrf: `${csrf.slice(0, -2)}AA` });
  // A token someone else's browser was given does not fit this browser's cookie.
  const otherCsrf = await t.client().csrfFrom("/login");
  await expectRefused(client, "/login", { ...fields, _csrf: otherCsrf });
  // Nor does a token without its cookie.
  const cookieless = t.client();
  await expectRefused(cookieless, "/login", { ...fields, _csrf: csrf });
  expect(await sessionRows()).toBe(0);

  const res = await client.postForm("/login", { ...fields, _csrf: csrf });
  expect(res.status).toBe(303);
  expect(await sessionRows()).toBe(1);

  // Logged-in forms use the session's token: logout works, the anonymous token does not stand in for it.
  const home = await (await client.get("/")).text();
  const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(home)![1]!;
  expect(sessionCsrf).not.toBe(csrf);
  await expectRefused(client, "/logout", { _csrf: csrf });
  expect((await client.postForm("/logout", { _csrf: sessionCsrf })).status).toBe(303);
  expect(await sessionRows()).toBe(0);
  expect((await client.get("/")).status).toBe(303);
});

it("reset request form: refuses a missing or wrong token, accepts the right one, stores no session", async () => {
  const u = await t.users.create();
  const client = t.client();
  const csrf = await client.csrfFrom("/password-reset");
  await expectRefused(client, "/password-reset", { email: u.email! });
  await expectRefused(client, "/password-reset", { email: u.email!, _csrf: "x".repeat(43) });
  const before = smtp.to(u.email!).length;
  const res = await client.postForm("/password-reset", { email: u.email!, _csrf: csrf });
  expect(res.status).toBe(200);
  await t.app.reset.drain();
  expect(smtp.to(u.email!).length).toBe(before + 1);
  expect(await sessionRows()).toBe(0);
});

it("reset confirm form: refuses a missing or wrong token, accepts the right one, stores no session", async () => {
  const u = await t.users.create();
  const link = await resetLinkFor(u.email!);
  const client = t.client();
  const csrf = await client.csrfFrom(link);
  const fields = { password: "Brand-New-Pass-17", password_confirm: "Brand-New-Pass-17" };
  await expectRefused(client, link, fields);
  await expectRefused(client, link, { ...fields, _csrf: await t.client().csrfFrom("/login") });
  const res = await client.postForm(link, { ...fields, _csrf: csrf });
  expect(res.status).toBe(200);
  expect((await t.client().postJson("/api/login", { identifier: u.username, password: "Brand-New-Pass-17" })).status).toBe(200);
  // That JSON login is the one session stored; the forms stored none.
  expect(await sessionRows()).toBe(1);
});

describe("behind https", () => {
  let secure: TestApp;

  beforeAll(async () => {
    secure = await startTestApp({ env: { PUBLIC_URL: "https://login.example.com" }, testDb: t.testDb, sharedEmulator: t.emulator });
  });

  afterAll(async () => {
    await secure.close({ db: true, emulator: true });
  });

  it("names the cookie __Host- and marks it Secure; its forms keep working", async () => {
    const u = await secure.users.create();
    const client = secure.client();
    const csrf = await client.csrfFrom("/login");
    expect(client.cookie("__Host-auth0_migrate_csrf")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(client.cookie("auth0_migrate_csrf")).toBeUndefined();
    const res = await client.postForm("/login", { identifier: u.username, password: u.password, _csrf: csrf });
    expect(res.status).toBe(303);
    const login = await secure.client().get("/login");
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("__Host-auth0_migrate_csrf="));
    expect(cookie).toMatch(/;\s*secure/i);
    expect(cookie).toMatch(/;\s*httponly/i);
    expect(cookie).toMatch(/;\s*samesite=lax/i);
  });
});
