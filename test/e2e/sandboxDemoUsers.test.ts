import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Server } from "node:http";
import { buildApp, type App } from "../../src/app";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { DEMO_AUTH0_ACCOUNTS, DEMO_SHARED_EMAIL, DEMO_USERS, type DemoUser } from "../../src/legacy/seedSandboxUsers";
import type { StatusReport } from "../../src/status/StatusReport";
import { HttpClient } from "../support/HttpClient";
import { SmtpSink } from "../support/SmtpSink";
import { createTestDb, type TestDb } from "../support/testDb";
import { loggedIn } from "../support/loggedIn";

// Issue 15, "How it is shown": the sandbox, as `serve` starts it (no AUTH0_DOMAIN, no SMTP_URL,
// demo users seeded, its own emulator), has a user in each stuck state, and each walks out of it
// over HTTP the way the banner says, while migrate-status's figures move.
let dataDir: string;
let testDb: TestDb;
let app: App;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "sandbox-demo-users-"));
  // A fresh schema without a users table: the sandbox seeds it, as on a first `serve`.
  testDb = await createTestDb();
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn" });
  app = await buildApp(config, { db: testDb.db, logger: createLogger("warn") });
  server = await app.listen(0, "127.0.0.1");
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  await app.close();
  await testDb.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const demo = (username: string): DemoUser => {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return user;
};

const report = async (): Promise<StatusReport> => app.status.report();

async function loginState(u: DemoUser, password = u.password): Promise<string | undefined> {
  const res = await new HttpClient(baseUrl).postJson("/api/login", { identifier: u.username, password });
  expect(res.status).toBe(200);
  return ((await res.json()) as { migration?: { state?: string } }).migration?.state;
}

/** The newest message to `to` in DATA_DIR/outbox, quoted-printable soft breaks and `=3D` undone. */
function lastMessageTo(to: string): string {
  const dir = path.join(dataDir, "outbox");
  const messages = readdirSync(dir)
    .sort()
    .map((f) => readFileSync(path.join(dir, f), "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "="))
    .filter((m) => m.toLowerCase().includes(`to: ${to.toLowerCase()}`));
  const last = messages.at(-1);
  if (!last) throw new Error(`no message to ${to} in the outbox`);
  return last;
}

function linkPath(message: string, pattern: RegExp): string {
  const match = pattern.exec(message);
  if (!match) throw new Error("no link in the message");
  return match[1] as string;
}

/** Adds `address` at /account/email, then confirms it from the emailed link with the password. */
async function addAddress(u: DemoUser, address: string): Promise<void> {
  const client = await loggedIn(new HttpClient(baseUrl), u);
  const csrf = await client.csrfFrom("/");
  expect((await client.postForm("/account/email", { _csrf: csrf, email: address })).status).toBe(200);
  const confirmPath = linkPath(lastMessageTo(address), /https?:\/\/[^\s/]+(\/account\/email\/[A-Za-z0-9_.-]+)/);
  const page = await client.get(confirmPath);
  expect(page.status).toBe(200);
  const pageCsrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  expect((await client.postForm(confirmPath, { _csrf: pageCsrf, password: u.password })).status).toBe(200);
}

describe("the sandbox's demo users", () => {
  it("walk from weak_password, no_email and conflict to migrated by the ways the banner names", async () => {
    const ivanAccount = app.emulator!.listUsers().find((u) => u.email === DEMO_AUTH0_ACCOUNTS[0]!.email);
    expect(ivanAccount).toBeDefined();
    expect(ivanAccount!.app_metadata.legacy_id).toBeUndefined();
    const start = await report();
    expect(start).toMatchObject({ total_users: DEMO_USERS.length + 2, active_users: DEMO_USERS.length + 1, migrated_users: 0 });

    // Each first login lands in its stuck state.
    expect(await loginState(demo("carol"))).toBe("weak_password");
    expect(await loginState(demo("frank"))).toBe("no_email");
    expect(await loginState(demo("gina"))).toBe("no_email");
    expect(await loginState(demo("hank"))).toBe("no_email");
    expect(await loginState(demo("ivan"))).toBe("conflict");
    expect(await report()).toMatchObject({ migrated_users: 0, weak_password: 1, no_email: 3, conflict: 1 });

    // carol: a new password at /account/password (the JSON face of the form).
    const carol = await loggedIn(new HttpClient(baseUrl), demo("carol"));
    expect((await carol.postJson("/api/account/password", { password: "Carol-Stronger-1" })).status).toBe(200);
    expect(await loginState(demo("carol"), "Carol-Stronger-1")).toBe("migrated");
    expect(await report()).toMatchObject({ migrated_users: 1, weak_password: 0, no_email: 3, conflict: 1 });

    // frank (no address) and gina (a shared one) each add and prove an address of their own.
    await addAddress(demo("frank"), "frank@example.net");
    await addAddress(demo("gina"), "gina@example.net");
    expect(await loginState(demo("frank"))).toBe("migrated");
    expect(await loginState(demo("gina"))).toBe("migrated");
    expect(await report()).toMatchObject({ migrated_users: 3, weak_password: 0, no_email: 1, conflict: 1 });
    expect(demo("hank").email).toBe(DEMO_SHARED_EMAIL);

    // ivan: a reset link to his address proves it is his, and the Auth0 account there becomes his.
    expect((await new HttpClient(baseUrl).postJson("/api/password-reset", { email: demo("ivan").email })).status).toBe(202);
    await app.reset.drain();
    const resetPath = SmtpSink.resetPathIn(lastMessageTo(demo("ivan").email!));
    const [, , uid, token] = resetPath.split("/");
    const confirmed = await new HttpClient(baseUrl).postJson("/api/password-reset/confirm", { uid, token, password: "Ivan-Proved-It-8" });
    expect(confirmed.status).toBe(200);
    expect(await loginState(demo("ivan"), "Ivan-Proved-It-8")).toBe("migrated");

    const end = await report();
    expect(end).toMatchObject({ migrated_users: 4, weak_password: 0, no_email: 1, conflict: 0 });
    expect(end.by_method).toMatchObject({ email_added: 2, linked_by_email_proof: 1 });
    const ivanRow = (await testDb.db("users").where({ username: "ivan" }).first("id")) as { id: number };
    const ivanLink = (await testDb.db("auth0_links").where({ legacy_user_id: String(ivanRow.id) }).first()) as { auth0_user_id: string; method: string };
    expect(ivanLink).toMatchObject({ auth0_user_id: ivanAccount!.user_id, method: "linked_by_email_proof" });
  });
});
