import { deleteAuth0User } from "../support/emulatorAdmin";
import { SmtpSink } from "../support/SmtpSink";
import { TEST_CLIENT, type TestApp } from "../support/startTestApp";
import { startTestAppWithSmtp } from "../support/startTestAppWithSmtp";

const SESSION_SECRET = "log-scan-session-secret-0123456789-abcdefghij";
const METRICS_TOKEN = "log-scan-metrics-token-0123456789";

let t: TestApp;
let smtp: SmtpSink;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, smtp, close } = await startTestAppWithSmtp({ env: { SESSION_SECRET, METRICS_TOKEN, LOG_LEVEL: "debug" } }));
});

afterAll(() => close());

it("never writes a password, token, reset link, cookie or secret to the log", async () => {
  const secrets: string[] = [SESSION_SECRET, METRICS_TOKEN, TEST_CLIENT.secret];
  const u = await t.users.create({ password: "Scan-Me-Password-1" });
  const weak = await t.users.create({ password: "weakscan" });
  secrets.push(u.password, "weakscan", "Wrong-Scan-Pass-2", "New-Scan-Password-3", "Outage-Scan-Pass-4");

  const client = t.client();
  await client.postJson("/api/login", { identifier: u.username, password: "Wrong-Scan-Pass-2" });
  await client.postJson("/api/login", { identifier: "nobody-scan", password: "Wrong-Scan-Pass-2" });
  expect((await client.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
  await client.postJson("/api/login", { identifier: weak.username, password: "weakscan" });
  secrets.push(client.cookie("auth0_migrate_sid")!, client.cookie("auth0_migrate_sid.sig")!);
  // An anonymous form's CSRF cookie and token, refused once without the token.
  const anonymous = t.client();
  secrets.push(await anonymous.csrfFrom("/login"), anonymous.cookie("auth0_migrate_csrf")!);
  expect((await anonymous.postForm("/login", { identifier: u.username, password: u.password })).status).toBe(403);

  // Auth0 down during a linked login and during a reset: the error paths log too.
  t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "any" }] });
  await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
  t.emulator.clearFaults();

  await t.client().postJson("/api/password-reset", { email: u.email });
  await t.app.reset.drain();
  const mail = smtp.to(u.email!).at(-1)!;
  const link = SmtpSink.resetPath(mail);
  const [, , uid, token] = link.split("/");
  secrets.push(link, token!);
  t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "management" }] });
  await t.client().postJson("/api/password-reset/confirm", { uid, token, password: "Outage-Scan-Pass-4" });
  t.emulator.clearFaults();
  expect((await t.client().postJson("/api/password-reset/confirm", { uid, token, password: "New-Scan-Password-3" })).status).toBe(200);

  // A confirm that fails with a 5xx on the page route (its path carries the live token): the linked
  // Auth0 user was deleted behind the service's back, so updating its password answers 404 -> 502.
  const gone = await t.users.create({ password: "Gone-Scan-Password-5" });
  secrets.push(gone.password);
  expect((await t.client().postJson("/api/login", { identifier: gone.username, password: gone.password })).status).toBe(200);
  const goneLink = await t.testDb.db("auth0_links").where({ legacy_user_id: String(gone.id) }).first();
  expect(goneLink).toBeDefined();
  await t.client().postJson("/api/password-reset", { email: gone.email });
  await t.app.reset.drain();
  const gonePath = SmtpSink.resetPath(smtp.to(gone.email!).at(-1)!);
  secrets.push(gonePath, gonePath.split("/")[3]!);
  await deleteAuth0User(t.emulator, goneLink.auth0_user_id);
  const pageClient = t.client();
  const csrf = await pageClient.csrfFrom(`${gonePath}?utm_source=Query-Scan-Secret-6`);
  secrets.push("Query-Scan-Secret-6");
  const failed = await pageClient.postForm(`${gonePath}?utm_source=Query-Scan-Secret-6`, { _csrf: csrf, password: "Failed-Scan-Pass-7", password_confirm: "Failed-Scan-Pass-7" });
  expect(failed.status).toBeGreaterThanOrEqual(500);
  secrets.push("Failed-Scan-Pass-7");
  // The failure is logged, by its route and not its path.
  expect(t.logs.filter((l) => l.includes('"request failed"') && l.includes("/password-reset/:uid/:token")).length).toBeGreaterThan(0);

  // A scrape with the right token and one with a wrong one.
  expect((await t.client().get("/metrics", { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
  expect((await t.client().get("/metrics", { authorization: "Bearer log-scan-wrong-token-0123456789" })).status).toBe(401);
  secrets.push("log-scan-wrong-token-0123456789");

  const summary = await t.app.campaignRunner.run({ name: "scan", filters: {} });
  expect(summary.sent).toBeGreaterThan(0);
  for (const m of smtp.messages) {
    const path = SmtpSink.resetPath(m);
    secrets.push(path, path.split("/")[3]!);
  }

  const log = t.logs.join("");
  expect(log.length).toBeGreaterThan(500);
  const leaks = secrets.filter((s) => s && log.includes(s));
  expect(leaks).toEqual([]);
});
