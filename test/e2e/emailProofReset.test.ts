import { SmtpSink } from "../support/SmtpSink";
import type { TestApp } from "../support/startTestApp";
import { startTestAppWithSmtp } from "../support/startTestAppWithSmtp";

// Issue 15 item 2: a `conflict` user proves their address with a reset link and takes back the
// Auth0 account of that address, unless another legacy user holds it.
let t: TestApp;
let smtp: SmtpSink;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, smtp, close } = await startTestAppWithSmtp({ env: { RESET_TIMEOUT_SECONDS: "3600" } }));
});

afterAll(() => close());

async function requestLink(email: string): Promise<string> {
  const before = smtp.to(email).length;
  expect((await t.client().postJson("/api/password-reset", { email })).status).toBe(202);
  await t.app.reset.drain();
  const mails = smtp.to(email);
  expect(mails.length).toBe(before + 1);
  return SmtpSink.resetPath(mails[mails.length - 1]!);
}

async function confirm(path: string, password: string): Promise<{ status: number; body: any }> {
  const [, , uid, token] = path.split("/");
  const res = await t.client().postJson("/api/password-reset/confirm", { uid, token, password });
  return { status: res.status, body: await res.json() };
}

async function loginState(identifier: string, password: string): Promise<{ status: number; state?: string }> {
  const res = await t.client().postJson("/api/login", { identifier, password });
  const body = (await res.json()) as any;
  return { status: res.status, state: body.migration?.state };
}

const legacyRow = async (id: string) => t.testDb.db("users").where({ id }).first("password", "email");
const linkOf = async (id: string) => t.testDb.db("auth0_links").where({ legacy_user_id: id }).first();

describe("a conflict resolved by proof of the email address", () => {
  it("takes the squatter's account back for the email's owner: new password, verified address, linked", async () => {
    const owner = await t.users.create({ email: "owner-taken@example.com" });
    const squatted = t.emulator.createUser({ email: "owner-taken@example.com", password: "Squatters-Pass-1", email_verified: false });
    expect(await loginState(owner.username, owner.password)).toEqual({ status: 200, state: "conflict" });

    const path = await requestLink(owner.email!);
    expect(await confirm(path, "Owners-New-Pass-1")).toEqual({ status: 200, body: { status: "password_changed" } });

    const link = await linkOf(owner.id);
    expect(link.auth0_user_id).toBe(squatted.user_id);
    expect(link.method).toBe("linked_by_email_proof");
    expect(link.email_proven_at).toBeInstanceOf(Date);
    expect(t.emulator.checkPassword(squatted.user_id, "Squatters-Pass-1")).toBe(false);
    expect(t.emulator.checkPassword(squatted.user_id, "Owners-New-Pass-1")).toBe(true);
    const account = t.emulator.getUser(squatted.user_id)!;
    expect(account.email_verified).toBe(true);
    expect(account.app_metadata.legacy_id).toBe(owner.id);
    expect(await t.app.hashers.verify("Owners-New-Pass-1", (await legacyRow(owner.id)).password)).toBe(true);
    // The squatter's password opens nothing any more, and the owner's new one logs in through Auth0.
    expect((await loginState(owner.username, "Squatters-Pass-1")).status).toBe(401);
    expect(await loginState(owner.username, "Owners-New-Pass-1")).toEqual({ status: 200, state: "migrated" });
    const status = (await t.app.status.report()) as any;
    expect(status.by_method.linked_by_email_proof).toBeGreaterThanOrEqual(1);
  });

  it("refuses, changing neither store, when the Auth0 account belongs to another legacy user, and offers another address", async () => {
    // The first holder migrated with the address, then changed it in the legacy app.
    const first = await t.users.create({ email: "kept-by-first@example.com" });
    expect(await loginState(first.username, first.password)).toEqual({ status: 200, state: "migrated" });
    await t.testDb.db("users").where({ id: first.id }).update({ email: "first-moved-on@example.com" });
    const second = await t.users.create({ email: "kept-by-first@example.com" });
    const firstAuth0 = (await linkOf(first.id)).auth0_user_id as string;
    const before = await legacyRow(second.id);

    const path = await requestLink(second.email!);
    const refused = await confirm(path, "Second-New-Pass-1");
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("password_rejected");
    expect(refused.body.message).toMatch(/belongs to another user/);

    const client = t.client();
    const csrf = await client.csrfFrom(path);
    const page = await client.postForm(path, { _csrf: csrf, password: "Second-New-Pass-1", password_confirm: "Second-New-Pass-1" });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('href="/login?next=%2Faccount%2Femail"');

    expect(await legacyRow(second.id)).toEqual(before);
    expect(await linkOf(second.id)).toBeUndefined();
    expect(t.emulator.checkPassword(firstAuth0, first.password)).toBe(true);
    expect(t.emulator.getUser(firstAuth0)!.app_metadata.legacy_id).toBe(first.id);
  });

  it("sends a user whose address another legacy user shares to the add-an-address page, changing neither store", async () => {
    const a = await t.users.create({ email: "shared-pair@example.com" });
    const b = await t.users.create({ email: "shared-pair@example.com" });
    const before = await legacyRow(b.id);
    const auth0Before = t.emulator.listUsers().length;
    expect((await t.client().postJson("/api/password-reset", { email: "shared-pair@example.com" })).status).toBe(202);
    await t.app.reset.drain();
    const mail = smtp.to("shared-pair@example.com").find((m) => m.text.includes(b.username))!;
    const refused = await confirm(SmtpSink.resetPath(mail), "Shared-New-Pass-1");
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/give an email address/);
    expect(await legacyRow(b.id)).toEqual(before);
    expect(t.emulator.listUsers().length).toBe(auth0Before);
    expect(await linkOf(a.id)).toBeUndefined();
  });

  it("changes neither store when Auth0's policy refuses the new password, and the link still works", async () => {
    const owner = await t.users.create({ email: "weak-new@example.com" });
    const squatted = t.emulator.createUser({ email: "weak-new@example.com", password: "Squatters-Pass-3" });
    await loginState(owner.username, owner.password);
    const path = await requestLink(owner.email!);
    const before = await legacyRow(owner.id);
    const refused = await confirm(path, "short");
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("password_rejected");
    expect(t.emulator.checkPassword(squatted.user_id, "Squatters-Pass-3")).toBe(true);
    expect(t.emulator.getUser(squatted.user_id)!.app_metadata.legacy_id).toBeUndefined();
    expect(await legacyRow(owner.id)).toEqual(before);
    expect(await linkOf(owner.id)).toBeUndefined();
    expect((await confirm(path, "Owners-Better-Pass-3")).status).toBe(200);
    expect((await linkOf(owner.id)).method).toBe("linked_by_email_proof");
  });

  it("leaves a plain conflict (no proof) alone: a login with another password never takes the account", async () => {
    const owner = await t.users.create({ email: "no-proof@example.com" });
    const squatted = t.emulator.createUser({ email: "no-proof@example.com", password: "Squatters-Pass-2" });
    expect(await loginState(owner.username, owner.password)).toEqual({ status: 200, state: "conflict" });
    expect(t.emulator.checkPassword(squatted.user_id, "Squatters-Pass-2")).toBe(true);
    expect(await linkOf(owner.id)).toBeUndefined();
  });
});
