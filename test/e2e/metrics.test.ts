import { BulkImportFixtures } from "../support/bulkImportFixtures";
import { SmtpSink } from "../support/SmtpSink";
import { seriesValue } from "../support/prometheusText";
import { startTestApp, type TestApp } from "../support/startTestApp";

const TOKEN = "metrics-token-0123456789abcdef";
let t: TestApp;
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = new SmtpSink();
  const url = await smtp.start();
  t = await startTestApp({
    env: { SMTP_URL: url, METRICS_TOKEN: TOKEN, THROTTLE_ACCOUNT_IP_MAX: "2", TRUST_PROXY: "true" },
  });
});

afterAll(async () => {
  await t.close();
  await smtp.stop();
});

async function scrape(): Promise<string> {
  const res = await t.client().get("/metrics", { authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  return res.text();
}

async function login(identifier: string, password: string, ip = "10.1.0.1"): Promise<number> {
  return (await t.client().postJson("/api/login", { identifier, password }, { "x-forwarded-for": ip })).status;
}

it("requires the bearer token when METRICS_TOKEN is set, and never shows it", async () => {
  expect((await t.client().get("/metrics")).status).toBe(401);
  expect((await t.client().get("/metrics", { authorization: "Bearer wrong-token-0123456789abcdef" })).status).toBe(401);
  expect((await t.client().get("/metrics", { authorization: TOKEN })).status).toBe(401);
  const text = await scrape();
  expect(text).toContain("# TYPE auth0_migrate_logins_total counter");
  expect(text).toContain("auth0_migrate_process_cpu_seconds_total");
  expect(text).not.toContain(TOKEN);
  expect(t.logs.join("")).not.toContain(TOKEN);
});

it("counts logins, migrations and Auth0 calls by outcome, exactly", async () => {
  const u = await t.users.create();
  const v = await t.users.create();
  const before = await scrape();
  const count = (text: string, name: string, labels: Record<string, string>) => seriesValue(text, name, labels) - seriesValue(before, name, labels);

  expect(await login(u.username, u.password)).toBe(200); // first login: migrates
  expect(await login(u.username, u.password)).toBe(200); // linked: Auth0's password grant
  expect(await login(v.username, "Wrong-Pass-1", "10.1.0.2")).toBe(401);
  expect(await login(v.username, "Wrong-Pass-1", "10.1.0.2")).toBe(401);
  expect(await login(v.username, v.password, "10.1.0.2")).toBe(429); // throttled after 2 failures

  const after = await scrape();
  expect(count(after, "auth0_migrate_logins_total", { outcome: "success" })).toBe(2);
  expect(count(after, "auth0_migrate_logins_total", { outcome: "invalid_credentials" })).toBe(2);
  expect(count(after, "auth0_migrate_logins_total", { outcome: "too_many_attempts" })).toBe(1);
  expect(count(after, "auth0_migrate_migrations_total", { outcome: "migrated", method: "login" })).toBe(1);
  expect(count(after, "auth0_migrate_auth0_request_duration_seconds_count", { operation: "create_user" })).toBe(1);
  expect(count(after, "auth0_migrate_auth0_request_duration_seconds_count", { operation: "password_grant" })).toBe(1);
  expect(count(after, "auth0_migrate_auth0_errors_total", { operation: "create_user" })).toBe(0);
});

it("counts failed Auth0 calls by kind and the pending migration they leave", async () => {
  const u = await t.users.create();
  const before = await scrape();
  t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "management", status: 503, remaining: 1 }] });
  try {
    expect(await login(u.username, u.password, "10.1.0.3")).toBe(200); // the legacy password still logs in
  } finally {
    t.emulator.clearFaults();
  }
  const after = await scrape();
  const delta = (name: string, labels: Record<string, string>) => seriesValue(after, name, labels) - seriesValue(before, name, labels);
  expect(delta("auth0_migrate_auth0_errors_total", { operation: "create_user", kind: "server_error" })).toBe(1);
  expect(delta("auth0_migrate_migrations_total", { outcome: "pending" })).toBe(1);
  expect(delta("auth0_migrate_logins_total", { outcome: "success" })).toBe(1);
});

it("counts reset emails sent and failed", async () => {
  const u = await t.users.create();
  const w = await t.users.create();
  const before = await scrape();
  expect((await t.client().postJson("/api/password-reset", { email: u.email! })).status).toBe(202);
  await t.app.reset.drain();
  smtp.refuseNext(1, 550);
  expect((await t.client().postJson("/api/password-reset", { email: w.email! })).status).toBe(202);
  await t.app.reset.drain();
  const after = await scrape();
  expect(seriesValue(after, "auth0_migrate_emails_total", { result: "sent" }) - seriesValue(before, "auth0_migrate_emails_total", { result: "sent" })).toBe(1);
  expect(seriesValue(after, "auth0_migrate_emails_total", { result: "failed" }) - seriesValue(before, "auth0_migrate_emails_total", { result: "failed" })).toBe(1);
});

it("shows bulk-import users by outcome and Auth0 error code, files by status, and repairs, from the ledger", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 6; i += 1) ids.push((await t.users.create()).id);
  const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
  const runs = new BulkImportFixtures(t.testDb.db);
  await runs.run([
    { status: "completed", jobId: "job_1", inserted: [a, b], failed: { [c]: "CONFLICT_EMAIL", [d]: "DUPLICATED_USER" } },
    { status: "unknown", jobId: "job_2", open: [e, f] },
  ]);
  await runs.repaired(b);
  const text = await scrape();
  expect(seriesValue(text, "auth0_migrate_bulk_import_users", { outcome: "inserted", code: "" })).toBe(2);
  expect(seriesValue(text, "auth0_migrate_bulk_import_users", { outcome: "failed", code: "CONFLICT_EMAIL" })).toBe(1);
  expect(seriesValue(text, "auth0_migrate_bulk_import_users", { outcome: "failed", code: "DUPLICATED_USER" })).toBe(1);
  expect(seriesValue(text, "auth0_migrate_bulk_import_users", { outcome: "open", code: "" })).toBe(2);
  expect(seriesValue(text, "auth0_migrate_bulk_import_files", { status: "completed" })).toBe(1);
  expect(seriesValue(text, "auth0_migrate_bulk_import_files", { status: "unknown" })).toBe(1);
  expect(seriesValue(text, "auth0_migrate_bulk_import_repaired_users")).toBe(1);
  expect(text).toContain("# TYPE auth0_migrate_bulk_import_files gauge");
});
