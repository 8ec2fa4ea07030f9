import { encodeUid } from "../../src/reset/ResetTokens";
import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  // The default preset writes bcrypt, which reads only 72 bytes of a password.
  t = await startTestApp({ env: { RESET_TIMEOUT_SECONDS: "3600" } });
});

afterAll(async () => {
  await t.close();
});

beforeEach(() => {
  t.emulator.clearFaults();
});

/** A reset link's parts for a user, as the email would carry them. */
async function linkFor(id: string): Promise<{ uid: string; token: string }> {
  const user = await t.app.users.findById(id);
  if (!user) throw new Error(`no user ${id}`);
  return { uid: encodeUid(id), token: t.app.tokens.make(user) };
}

async function confirm(link: { uid: string; token: string }, password: string) {
  const res = await t.client().postJson("/api/password-reset/confirm", { ...link, password });
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string } };
}

async function legacyHash(id: string): Promise<string> {
  return (await t.testDb.db("users").where({ id }).first()).password;
}

async function auth0UserId(legacyId: string): Promise<string> {
  return (await t.testDb.db("auth0_links").where({ legacy_user_id: legacyId }).first()).auth0_user_id;
}

describe("one reset link used twice at once (security review 7)", () => {
  it.each([
    ["a linked user", true],
    ["an unlinked user", false],
  ])("lets exactly one confirm win for %s, and both stores hold the winner's password", async (_label, linked) => {
    const u = await t.users.create();
    if (linked) expect((await t.client().postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
    const link = await linkFor(u.id);
    // Slow Auth0 answers keep both confirms inside the Auth0 call at the same time.
    t.emulator.setFaults({ latencyMs: 300 });
    const [a, b] = await Promise.all([confirm(link, "Racing-Pass-A-1"), confirm(link, "Racing-Pass-B-2")]);
    t.emulator.clearFaults();

    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 400]);
    const loser = a.status === 400 ? a : b;
    expect(loser.body.error).toBe("invalid_token");
    const winner = a.status === 200 ? "Racing-Pass-A-1" : "Racing-Pass-B-2";
    const other = winner === "Racing-Pass-A-1" ? "Racing-Pass-B-2" : "Racing-Pass-A-1";
    const auth0Id = await auth0UserId(u.id);
    expect(t.emulator.checkPassword(auth0Id, winner)).toBe(true);
    expect(t.emulator.checkPassword(auth0Id, other)).toBe(false);
    expect(await t.app.hashers.verify(winner, await legacyHash(u.id))).toBe(true);
    expect(await t.app.hashers.verify(other, await legacyHash(u.id))).toBe(false);
  });

  it("leaves no claim behind, so a later link works", async () => {
    const u = await t.users.create();
    t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "management" }] });
    expect((await confirm(await linkFor(u.id), "Outage-Pass-3")).status).toBe(503);
    t.emulator.clearFaults();
    expect(await t.testDb.db("auth0_password_claims").where({ legacy_user_id: u.id }).first()).toBeUndefined();
    expect((await confirm(await linkFor(u.id), "After-Outage-Pass-4")).status).toBe(200);
  });
  it("is not blocked for good by a claim whose holder died: an expired claim is taken over", async () => {
    const u = await t.users.create();
    await t.testDb.db("auth0_password_claims").insert({ legacy_user_id: u.id, claim_id: "dead-process", claimed_until: new Date(Date.now() - 1000) });
    expect((await confirm(await linkFor(u.id), "Taken-Over-Pass-5")).status).toBe(200);
    expect(await t.testDb.db("auth0_password_claims").where({ legacy_user_id: u.id }).first()).toBeUndefined();
  });
});

describe("passwords bcrypt would cut (security review 9)", () => {
  it("refuses a new password longer than 72 bytes with a clear message, before Auth0 is asked", async () => {
    const u = await t.users.create();
    const hash = await legacyHash(u.id);
    const seq = t.emulator.lastRequestSeq;
    // 70 ASCII letters and two 2-byte letters: 72 characters, 74 bytes.
    const { status, body } = await confirm(await linkFor(u.id), `Aa1-${"x".repeat(66)}éé`);
    expect(status).toBe(400);
    expect(body.error).toBe("password_rejected");
    expect(body.message).toMatch(/at most 72 bytes/);
    expect(t.emulator.requestsSince(seq)).toHaveLength(0);
    expect(await legacyHash(u.id)).toBe(hash);
  });

  it("accepts exactly 72 bytes, and the whole of it counts", async () => {
    const u = await t.users.create();
    const password = `Aa1-${"y".repeat(68)}`;
    expect(Buffer.byteLength(password)).toBe(72);
    expect((await confirm(await linkFor(u.id), password)).status).toBe(200);
    expect((await t.client().postJson("/api/login", { identifier: u.username, password })).status).toBe(200);
  });
});
