import { SmtpSink } from "../support/SmtpSink";
import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;
let smtp: SmtpSink;
let now = Date.now();

beforeAll(async () => {
  smtp = new SmtpSink();
  const url = await smtp.start();
  t = await startTestApp({ env: { SMTP_URL: url, RESET_TIMEOUT_SECONDS: "3600" }, clock: () => now });
});

afterAll(async () => {
  await t.close();
  await smtp.stop();
});

beforeEach(() => {
  now = Date.now();
  t.emulator.clearFaults();
});

async function requestLink(email: string): Promise<string> {
  const before = smtp.to(email).length;
  const res = await t.client().postJson("/api/password-reset", { email });
  expect(res.status).toBe(202);
  await t.app.reset.drain();
  const mails = smtp.to(email);
  expect(mails.length).toBe(before + 1);
  return SmtpSink.resetPath(mails[mails.length - 1]!);
}

function parts(path: string): { uid: string; token: string } {
  const [, , uid, token] = path.split("/");
  return { uid: uid!, token: token! };
}

async function confirm(path: string, password: string) {
  const res = await t.client().postJson("/api/password-reset/confirm", { ...parts(path), password });
  return { status: res.status, body: (await res.json()) as any };
}

async function legacyHash(id: string): Promise<string> {
  return (await t.testDb.db("users").where({ id }).first()).password;
}

async function login(identifier: string, password: string): Promise<number> {
  return (await t.client().postJson("/api/login", { identifier, password })).status;
}

describe("requesting a reset", () => {
  it("answers the same for known and unknown addresses, and mails only the known one", async () => {
    const u = await t.users.create();
    const before = smtp.messages.length;
    const known = await t.client().postJson("/api/password-reset", { email: u.email });
    const unknown = await t.client().postJson("/api/password-reset", { email: "nobody-here@example.com" });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.text()).toBe(await unknown.text());
    await t.app.reset.drain();
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.to(u.email!)[0]?.html).toContain("/password-reset/");
  });

  it("leaves out inactive users and users whose password is unusable", async () => {
    const inactive = await t.users.create({ isActive: false });
    const unusable = await t.users.create({ passwordHash: "!" });
    for (const email of [inactive.email!, unusable.email!]) {
      expect((await t.client().postJson("/api/password-reset", { email })).status).toBe(202);
    }
    await t.app.reset.drain();
    expect(smtp.to(inactive.email!)).toHaveLength(0);
    expect(smtp.to(unusable.email!)).toHaveLength(0);
  });

  it("shows the same page on the HTML form, with CSRF required", async () => {
    const client = t.client();
    const csrf = await client.csrfFrom("/password-reset");
    expect((await client.postForm("/password-reset", { email: "x@example.com" })).status).toBe(403);
    const res = await client.postForm("/password-reset", { email: "x@example.com", _csrf: csrf });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("If an account exists for that address");
  });
});

describe("confirming a reset", () => {
  it("creates and links an unlinked user in Auth0 (method password_reset) and writes the legacy hash", async () => {
    const u = await t.users.create();
    const path = await requestLink(u.email!);
    const page = await t.client().get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="password_confirm"');
    const { status } = await confirm(path, "Brand-New-Pass-1");
    expect(status).toBe(200);
    const link = await t.testDb.db("auth0_links").where({ legacy_user_id: u.id }).first();
    expect(link.method).toBe("password_reset");
    expect(t.emulator.checkPassword(link.auth0_user_id, "Brand-New-Pass-1")).toBe(true);
    expect(await t.app.hashers.verify("Brand-New-Pass-1", await legacyHash(u.id))).toBe(true);
    expect(await login(u.username, "Brand-New-Pass-1")).toBe(200);
    expect(await login(u.username, u.password)).toBe(401);
  });

  it("updates a linked user's Auth0 password first, then the legacy hash", async () => {
    const u = await t.users.create();
    expect(await login(u.username, u.password)).toBe(200);
    const link = await t.testDb.db("auth0_links").where({ legacy_user_id: u.id }).first();
    const path = await requestLink(u.email!);
    expect((await confirm(path, "Linked-New-Pass-2")).status).toBe(200);
    expect(t.emulator.checkPassword(link.auth0_user_id, "Linked-New-Pass-2")).toBe(true);
    expect(await t.app.hashers.verify("Linked-New-Pass-2", await legacyHash(u.id))).toBe(true);
  });

  it("finishes a weak_password user's migration", async () => {
    const u = await t.users.create({ password: "weakpass" });
    await login(u.username, "weakpass");
    expect((await t.testDb.db("auth0_migration_state").where({ legacy_user_id: u.id }).first()).state).toBe("weak_password");
    const path = await requestLink(u.email!);
    expect((await confirm(path, "Stronger-Pass-3")).status).toBe(200);
    expect((await t.testDb.db("auth0_migration_state").where({ legacy_user_id: u.id }).first()).state).toBe("migrated");
  });

  it("changes neither store when Auth0's policy refuses the password, and says why", async () => {
    const u = await t.users.create();
    const hash = await legacyHash(u.id);
    const path = await requestLink(u.email!);
    const { status, body } = await confirm(path, "short");
    expect(status).toBe(400);
    expect(body.error).toBe("password_rejected");
    expect(body.message).toMatch(/too weak/);
    expect(await legacyHash(u.id)).toBe(hash);
    expect(await t.testDb.db("auth0_links").where({ legacy_user_id: u.id }).first()).toBeUndefined();
    // The link still works for a better password.
    expect((await confirm(path, "Better-Pass-44")).status).toBe(200);
  });

  it("changes neither store when Auth0 is down, and answers 503", async () => {
    const u = await t.users.create();
    expect(await login(u.username, u.password)).toBe(200);
    const link = await t.testDb.db("auth0_links").where({ legacy_user_id: u.id }).first();
    const hash = await legacyHash(u.id);
    const path = await requestLink(u.email!);
    t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "management" }] });
    const { status, body } = await confirm(path, "Outage-Pass-5");
    expect(status).toBe(503);
    expect(body.error).toBe("auth_unavailable");
    expect(await legacyHash(u.id)).toBe(hash);
    expect(t.emulator.checkPassword(link.auth0_user_id, u.password)).toBe(true);
  });

  it("refuses reuse, tampering, expiry, and a token outlived by a login or an email change", async () => {
    const u = await t.users.create();
    const used = await requestLink(u.email!);
    expect((await confirm(used, "First-Reset-Pass-6")).status).toBe(200);
    expect((await confirm(used, "Second-Reset-Pass-7")).body.error).toBe("invalid_token");
    expect((await t.client().get(used)).status).toBe(400);

    const fresh = await requestLink(u.email!);
    const { uid, token } = parts(fresh);
    const tampered = `${token.slice(0, -1)}${token.endsWith("0") ? "1" : "0"}`;
    expect((await t.client().postJson("/api/password-reset/confirm", { uid, token: tampered, password: "Tamper-Pass-8" })).status).toBe(400);
    const otherUid = Buffer.from("999999").toString("base64url");
    expect((await t.client().postJson("/api/password-reset/confirm", { uid: otherUid, token, password: "Tamper-Pass-8" })).status).toBe(400);

    now += 3601 * 1000;
    expect((await confirm(fresh, "Expired-Pass-9")).body.error).toBe("invalid_token");
    now = Date.now();

    const beforeLogin = await requestLink(u.email!);
    now += 2000;
    expect(await login(u.username, "First-Reset-Pass-6")).toBe(200);
    expect((await confirm(beforeLogin, "After-Login-Pass-10")).body.error).toBe("invalid_token");

    const beforeEmailChange = await requestLink(u.email!);
    await t.testDb.db("users").where({ id: u.id }).update({ email: `changed-${u.email}` });
    expect((await confirm(beforeEmailChange, "Email-Change-Pass-11")).body.error).toBe("invalid_token");
  });

  it("ends the user's existing sessions", async () => {
    const u = await t.users.create();
    const session = t.client();
    expect((await session.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
    expect((await session.get("/api/me")).status).toBe(200);
    const path = await requestLink(u.email!);
    expect((await confirm(path, "Session-Kill-Pass-12")).status).toBe(200);
    expect((await session.get("/api/me")).status).toBe(401);
  });

  it("works through the HTML pages: mismatch, then success", async () => {
    const u = await t.users.create();
    const path = await requestLink(u.email!);
    const client = t.client();
    const csrf = await client.csrfFrom(path);
    const mismatch = await client.postForm(path, { password: "Html-Pass-13", password_confirm: "Html-Pass-14", _csrf: csrf });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("do not match");
    const done = await client.postForm(path, { password: "Html-Pass-13", password_confirm: "Html-Pass-13", _csrf: csrf });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Your password has been changed");
  });

  it.each(["...", "%00", "..%2F..", "AAAA", "a".repeat(300)])("answers a malformed link (%s) with a 400 page", async (uid) => {
    expect((await t.client().get(`/password-reset/${uid}/abc-123`)).status).toBe(400);
  });
});
