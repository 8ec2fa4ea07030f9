import { ResetCampaignRunner } from "../../src/reset/ResetCampaignRunner";
import { SmtpSink } from "../support/SmtpSink";
import type { TestApp } from "../support/startTestApp";
import { startTestAppWithSmtp } from "../support/startTestAppWithSmtp";

let t: TestApp;
let smtp: SmtpSink;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, smtp, close } = await startTestAppWithSmtp());
});

afterAll(() => close());

beforeEach(async () => {
  const db = t.testDb.db;
  await db.raw("truncate auth0_reset_emails, auth0_reset_campaigns, auth0_links, auth0_migration_state");
  await db("users").delete();
  smtp.messages.length = 0;
  smtp.refuseNext(0);
  smtp.slowDown(0);
});

/** Eligible users, plus one of each kind the campaign must leave out. */
async function population(eligible: number) {
  const users = [];
  for (let i = 0; i < eligible; i++) users.push(await t.users.create());
  const migrated = await t.users.create();
  expect((await t.client().postJson("/api/login", { identifier: migrated.username, password: migrated.password })).status).toBe(200);
  await t.users.create({ isActive: false });
  await t.users.create({ email: null });
  await t.users.create({ email: "not-an-address" });
  await t.users.create({ passwordHash: "!unusable" });
  smtp.messages.length = 0;
  return users;
}

const run = (name: string, extra: Partial<Parameters<TestApp["app"]["campaignRunner"]["run"]>[0]> = {}) =>
  t.app.campaignRunner.run({ name, filters: {}, concurrency: 3, ...extra });

it("dry run counts the eligible users, shows a sample, and sends and records nothing", async () => {
  const users = await population(4);
  const summary = await run("dry", { dryRun: true });
  expect(summary).toMatchObject({ campaign: "dry", dry_run: true, selected: 4, sent: 0 });
  expect(summary.sample?.map((s) => s.username).sort()).toEqual(users.map((u) => u.username).sort());
  expect(smtp.messages).toHaveLength(0);
  expect(Number((await t.testDb.db("auth0_reset_campaigns").count({ n: "*" }).first())?.n)).toBe(0);
});

it("sends one working reset email to each eligible user, records each send, and resumes without repeats", async () => {
  const users = await population(5);
  const summary = await run("spring");
  expect(summary).toMatchObject({ campaign: "spring", dry_run: false, selected: 5, sent: 5, failed: 0, skipped: 0 });
  expect(smtp.messages.map((m) => m.to).sort()).toEqual(users.map((u) => u.email!.toLowerCase()).sort());
  const rows = await t.testDb.db("auth0_reset_emails").where({ status: "sent" });
  expect(rows).toHaveLength(5);
  for (const r of rows) expect(r.message_id).toBeTruthy();
  // The link in a campaign email works.
  const mail = smtp.to(users[0]!.email!)[0]!;
  expect((await t.client().get(SmtpSink.resetPath(mail))).status).toBe(200);
  // Running the campaign again sends nothing new.
  const again = await run("spring");
  expect(again).toMatchObject({ selected: 5, sent: 5, sent_this_run: 0 });
  expect(smtp.messages).toHaveLength(5);
});

it("honours --limit, --last-login-before and --resend-after", async () => {
  const users = await population(5);
  const old = new Date("2024-01-01T00:00:00Z");
  await t.testDb.db("users").whereIn("id", [users[0]!.id, users[1]!.id]).update({ last_login: old });
  await t.testDb.db("users").whereIn("id", [users[2]!.id]).update({ last_login: new Date() });
  const stale = await run("stale", { filters: { lastLoginBefore: new Date("2025-01-01T00:00:00Z") } });
  // Two with an old login, two who never logged in; the recent login is left out.
  expect(stale.selected).toBe(4);
  const limited = await run("limited", { filters: { limit: 1 } });
  expect(limited.selected).toBe(1);
  const resend = await run("resend", { filters: { resendAfterDays: 30 } });
  // Everyone but users[2] got an email in the last 30 days.
  expect(resend.selected).toBe(1);
  expect(smtp.to(users[2]!.email!)).toHaveLength(1);
  expect(smtp.to(users[0]!.email!)).toHaveLength(2);
});

it("retries a transient SMTP refusal, records a permanent one as failed, and goes on", async () => {
  await population(3);
  smtp.refuseNext(1, 451);
  const first = await run("transient", { concurrency: 1 });
  expect(first).toMatchObject({ sent: 3, failed: 0 });
  await t.testDb.db("auth0_reset_emails").delete();
  smtp.messages.length = 0;
  smtp.refuseNext(1, 550);
  const second = await run("permanent", { concurrency: 1 });
  expect(second).toMatchObject({ sent: 2, failed: 1 });
  const failed = await t.testDb.db("auth0_reset_emails").where({ status: "failed" }).first();
  expect(failed.error).toMatch(/550/);
});

it("skips users who migrated between selection and sending", async () => {
  const users = await population(2);
  const { campaign } = await t.app.campaignStore.open("race", {}, "test");
  await t.app.campaignStore.enqueuePage(campaign, null, 100);
  expect((await t.client().postJson("/api/login", { identifier: users[0]!.username, password: users[0]!.password })).status).toBe(200);
  const summary = await run("race");
  expect(summary).toMatchObject({ selected: 2, sent: 1, skipped: 1 });
  expect(smtp.to(users[0]!.email!)).toHaveLength(0);
});

it("lets two workers share one campaign without sending anyone two emails", async () => {
  const users = await population(30);
  smtp.slowDown(5);
  const [a, b] = await Promise.all([run("shared", { concurrency: 2 }), run("shared", { concurrency: 2 })]);
  expect(a.sent_this_run + b.sent_this_run).toBe(30);
  expect(smtp.messages).toHaveLength(30);
  expect(new Set(smtp.messages.map((m) => m.to)).size).toBe(30);
  expect(smtp.messages.map((m) => m.to).sort()).toEqual(users.map((u) => u.email!.toLowerCase()).sort());
});

it("never sends twice when a slow worker's claim runs out mid-batch and another takes the rows over", async () => {
  const users = await population(12);
  // Each message takes longer than half the lease, so a claimed batch of four outlives its lease.
  smtp.slowDown(150);
  const runner = () =>
    new ResetCampaignRunner(t.app.campaignStore, t.app.users, t.app.migrations, t.app.mailer, t.app.composer, { claimLeaseMs: 300, retryDelaysMs: [10], pageSize: 1000 }, t.app.logger);
  const [a, b] = await Promise.all([
    runner().run({ name: "slow", filters: {}, concurrency: 1 }),
    runner().run({ name: "slow", filters: {}, concurrency: 1 }),
  ]);
  expect(smtp.messages.map((m) => m.to).sort()).toEqual(users.map((u) => u.email!.toLowerCase()).sort());
  expect(a.sent_this_run + b.sent_this_run).toBe(12);
  expect(a).toMatchObject({ selected: 12, sent: 12, failed: 0 });
});
