import type { HttpClient } from "../support/HttpClient";
import type { CreatedLegacyUser } from "../support/legacyUsers";
import type { SmtpSink } from "../support/SmtpSink";
import type { TestApp } from "../support/startTestApp";
import { startTestAppWithSmtp } from "../support/startTestAppWithSmtp";
import { loggedIn } from "../support/loggedIn";

// Issue 15 item 3: a user without a usable address of their own (none, shared, or whose address's
// Auth0 account belongs to another legacy user) adds one, proves it, and migrates with it.
let t: TestApp;
let smtp: SmtpSink;
let close: () => Promise<void>;
let now = Date.now();
const TIMEOUT_SECONDS = 3600;

beforeAll(async () => {
  ({ t, smtp, close } = await startTestAppWithSmtp({
    env: { EMAIL_CONFIRM_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS), THROTTLE_ACCOUNT_IP_MAX: "3" },
    clock: () => now,
  }));
});

afterAll(() => close());

beforeEach(() => {
  now = Date.now();
});

async function askForAddress(client: HttpClient, email: string): Promise<Response> {
  // The home page's logout form carries the session's token, whichever page /account/email shows.
  const csrf = await client.csrfFrom("/");
  return client.postForm("/account/email", { _csrf: csrf, email });
}

/** Asks for the address and returns the confirmation link's path from the email sent to it. */
async function linkFor(client: HttpClient, email: string): Promise<string> {
  const res = await askForAddress(client, email);
  expect(res.status).toBe(200);
  const mail = smtp.to(email).at(-1);
  const match = /https?:\/\/[^\s/]+(\/account\/email\/[A-Za-z0-9_.-]+)/.exec(mail?.text ?? "");
  expect(match).not.toBeNull();
  return match![1]!;
}

async function confirm(path: string, password: string, client: HttpClient = t.client()): Promise<Response> {
  const page = await client.get(path);
  if (page.status !== 200) return page;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return client.postForm(path, { _csrf: csrf, password });
}

/** Both stores, as far as this user is concerned. */
async function snapshot(user: CreatedLegacyUser) {
  return {
    legacy: await t.testDb.db("users").where({ id: user.id }).first(),
    link: (await t.testDb.db("auth0_links").where({ legacy_user_id: user.id }).first()) ?? null,
    auth0: t.emulator.listUsers().map((u) => `${u.user_id} ${u.email} ${u.app_metadata.legacy_id ?? ""}`).sort(),
  };
}

async function stateOf(user: CreatedLegacyUser): Promise<string | undefined> {
  return (await t.testDb.db("auth0_migration_state").where({ legacy_user_id: user.id }).first())?.state;
}

async function expectMigratedWith(user: CreatedLegacyUser, address: string, legacyBefore: unknown): Promise<void> {
  const link = await t.testDb.db("auth0_links").where({ legacy_user_id: user.id }).first();
  expect(link.method).toBe("email_added");
  expect(link.email_proven_at).toBeInstanceOf(Date);
  const account = t.emulator.getUser(link.auth0_user_id)!;
  expect(account.email).toBe(address.toLowerCase());
  expect(account.email_verified).toBe(true);
  expect(t.emulator.checkPassword(link.auth0_user_id, user.password)).toBe(true);
  // The legacy row is not changed (the login touched last_login only).
  const { last_login: _a, ...legacyNow } = await t.testDb.db("users").where({ id: user.id }).first();
  const { last_login: _b, ...legacyThen } = legacyBefore as Record<string, unknown>;
  expect(legacyNow).toEqual(legacyThen);
  const relogin = await t.client().postJson("/api/login", { identifier: user.username, password: user.password });
  expect(((await relogin.json()) as any).migration).toMatchObject({ state: "migrated", method: "email_added" });
}

describe("adding an email address", () => {
  it("migrates a user with no email address", async () => {
    const u = await t.users.create({ email: null });
    const client = await loggedIn(t.client(), u);
    expect(await stateOf(u)).toBe("no_email");
    const before = (await snapshot(u)).legacy;
    expect(await (await client.get("/")).text()).toContain('href="/account/email"');
    const form = await client.get("/account/email");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="email"');

    const path = await linkFor(client, "No.Email.Owner@example.com");
    // The link works in another browser too: the password is the proof, not the session.
    const done = await confirm(path, u.password);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("No.Email.Owner@example.com");
    await expectMigratedWith(u, "No.Email.Owner@example.com", before);
    // The password never sat in a session between the requests.
    const sessions = await t.testDb.db("auth0_sessions").select("data");
    expect(JSON.stringify(sessions)).not.toContain(u.password);
    // Neither the link's token nor the password reached a log line.
    const logs = t.logs.join("\n");
    expect(logs).toContain("email confirmation link sent");
    expect(logs).not.toContain(path.split("/").pop()!.split(".")[3]!);
    expect(logs).not.toContain(u.password);
  });

  it("migrates the second of two legacy users sharing an address with a new address of their own", async () => {
    const first = await t.users.create({ email: "pair-shared@example.com" });
    const second = await t.users.create({ email: "pair-shared@example.com" });
    const client = await loggedIn(t.client(), second);
    expect(await stateOf(second)).toBe("no_email");
    const before = (await snapshot(second)).legacy;
    // The shared address itself is refused: another legacy user has it.
    expect((await askForAddress(client, "pair-shared@example.com")).status).toBe(400);
    const path = await linkFor(client, "second-own@example.com");
    expect((await confirm(path, second.password)).status).toBe(200);
    await expectMigratedWith(second, "second-own@example.com", before);
    expect(await t.testDb.db("auth0_links").where({ legacy_user_id: first.id }).first()).toBeUndefined();
  });

  it("migrates a conflict user whose address's Auth0 account belongs to another legacy user", async () => {
    const holder = await t.users.create({ email: "held-by-holder@example.com" });
    expect((await t.client().postJson("/api/login", { identifier: holder.username, password: holder.password })).status).toBe(200);
    await t.testDb.db("users").where({ id: holder.id }).update({ email: "holder-moved@example.com" });
    const late = await t.users.create({ email: "held-by-holder@example.com" });
    const client = await loggedIn(t.client(), late);
    expect(await stateOf(late)).toBe("conflict");
    const before = (await snapshot(late)).legacy;
    const path = await linkFor(client, "late-own@example.com");
    expect((await confirm(path, late.password)).status).toBe(200);
    await expectMigratedWith(late, "late-own@example.com", before);
  });

  it("asks for a new password when Auth0's policy refuses the current one, then migrates with it", async () => {
    const u = await t.users.create({ email: null, password: "weakpass" });
    const client = await loggedIn(t.client(), u);
    const path = await linkFor(client, "weak-and-no-email@example.com");
    const before = await snapshot(u);
    const refused = await confirm(path, u.password);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/does not meet the new login system/);
    expect(html).toContain('name="new_password"');
    expect(await snapshot(u)).toEqual({ ...before, legacy: { ...before.legacy, last_login: expect.any(Date) } });

    const anon = t.client();
    const anonCsrf = /name="_csrf" value="([^"]+)"/.exec(await (await anon.get(path)).text())![1]!;
    const fields = { _csrf: anonCsrf, password: u.password, new_password: "Stronger-Pass-9" };
    const mismatch = await anon.postForm(path, { ...fields, new_password_confirm: "Stronger-Pass-8" });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("do not match");
    const done = await anon.postForm(path, { ...fields, new_password_confirm: "Stronger-Pass-9" });
    expect(done.status).toBe(200);
    const link = await t.testDb.db("auth0_links").where({ legacy_user_id: u.id }).first();
    expect(link.method).toBe("email_added");
    expect(t.emulator.getUser(link.auth0_user_id)!.email).toBe("weak-and-no-email@example.com");
    expect(t.emulator.checkPassword(link.auth0_user_id, "Stronger-Pass-9")).toBe(true);
    const legacy = await t.testDb.db("users").where({ id: u.id }).first();
    expect(legacy.email).toBeNull();
    expect(await t.app.hashers.verify("Stronger-Pass-9", legacy.password)).toBe(true);
    expect((await confirm(path, "Stronger-Pass-9")).status).toBe(400);
  });

  it("is not offered to a user who can migrate with the address they have", async () => {
    const u = await t.users.create();
    const client = await loggedIn(t.client(), u);
    expect((await client.get("/account/email")).status).toBe(200);
    expect(await (await client.get("/account/email")).text()).toContain("does not need another email address");
    const before = await snapshot(u);
    expect((await askForAddress(client, "not-needed@example.com")).status).toBe(403);
    expect(smtp.to("not-needed@example.com")).toHaveLength(0);
    expect(await snapshot(u)).toEqual(before);
    const anonymous = await t.client().get("/account/email");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/login?next=%2Faccount%2Femail");
  });
});

describe("refusals change neither store", () => {
  it("refuses an address another legacy user or an Auth0 user has, in the same words", async () => {
    const other = await t.users.create({ email: "legacy-holder@example.com" });
    t.emulator.createUser({ email: "auth0-holder@example.com", password: "Someone-Elses-1" });
    const u = await t.users.create({ email: null });
    const client = await loggedIn(t.client(), u);
    const before = await snapshot(u);
    const texts: string[] = [];
    for (const address of ["Legacy-Holder@example.com", "auth0-holder@example.com"]) {
      const res = await askForAddress(client, address);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain("cannot be used for your account");
      texts.push(text.replace(/value="[^"]*"/g, ""));
      expect(smtp.to(address)).toHaveLength(0);
    }
    expect(texts[0]).toBe(texts[1]);
    expect(await snapshot(u)).toEqual(before);
    expect(await t.testDb.db("auth0_links").where({ legacy_user_id: other.id }).first()).toBeUndefined();
  });

  it("refuses a wrong password, then throttles like the login (the right password too)", async () => {
    const u = await t.users.create({ email: null });
    const path = await linkFor(await loggedIn(t.client(), u), "throttled-user@example.com");
    const before = await snapshot(u);
    for (let i = 0; i < 3; i++) expect((await confirm(path, "Not-The-Password-1")).status).toBe(401);
    const throttled = await confirm(path, u.password);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await snapshot(u)).toEqual(before);
  });

  it("refuses at confirmation an address taken in Auth0 after the link was sent", async () => {
    const u = await t.users.create({ email: null });
    const path = await linkFor(await loggedIn(t.client(), u), "taken-meanwhile@example.com");
    t.emulator.createUser({ email: "taken-meanwhile@example.com", password: "Faster-Someone-1" });
    const before = await snapshot(u);
    const res = await confirm(path, u.password);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("cannot be used for your account");
    expect(await snapshot(u)).toEqual(before);
  });
});

describe("the confirmation link", () => {
  it("is dead when tampered with: signature, address or user changed", async () => {
    const u = await t.users.create({ email: null });
    const victim = await t.users.create({ email: null });
    const path = await linkFor(await loggedIn(t.client(), u), "tamper-target@example.com");
    const [userPart, addressPart, ts, signature] = path.slice("/account/email/".length).split(".");
    const flipped = signature!.replace(/^./, (c) => (c === "a" ? "b" : "a"));
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    const before = [await snapshot(u), await snapshot(victim)];
    for (const token of [
      [userPart, addressPart, ts, flipped].join("."),
      [userPart, b64("attacker@example.com"), ts, signature].join("."),
      [b64(victim.id), addressPart, ts, signature].join("."),
      [userPart, addressPart, (Number.parseInt(ts!, 36) + 100).toString(36), signature].join("."),
      "garbage",
    ]) {
      expect((await t.client().get(`/account/email/${token}`)).status).toBe(400);
      expect((await confirm(`/account/email/${token}`, u.password)).status).toBe(400);
    }
    expect([await snapshot(u), await snapshot(victim)]).toEqual(before);
  });

  it("is dead once expired", async () => {
    const u = await t.users.create({ email: null });
    const path = await linkFor(await loggedIn(t.client(), u), "expiring@example.com");
    now += (TIMEOUT_SECONDS + 5) * 1000;
    const before = await snapshot(u);
    const res = await confirm(path, u.password);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("no longer valid");
    expect(await snapshot(u)).toEqual(before);
  });

  it("is dead once used", async () => {
    const u = await t.users.create({ email: null });
    const path = await linkFor(await loggedIn(t.client(), u), "used-once@example.com");
    expect((await confirm(path, u.password)).status).toBe(200);
    const after = await snapshot(u);
    expect((await t.client().get(path)).status).toBe(400);
    expect((await confirm(path, u.password)).status).toBe(400);
    expect(await snapshot(u)).toEqual(after);
  });
});
