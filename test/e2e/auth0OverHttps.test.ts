import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLegacyTable, LegacyUserFactory, type CreatedLegacyUser } from "../support/legacyUsers";
import { createSharedTestDb, ROOT, type SharedTestDb } from "../support/runCli";
import { SmtpSink } from "../support/SmtpSink";

// The service trusts the emulator's certificate the way an operator would: NODE_EXTRA_CA_CERTS,
// which Node reads at process start only, so both run as child processes of the built CLI.
const BIN = path.join(ROOT, "bin/auth0-migrate.js");

let certDir: string;
let shared: SharedTestDb;
let smtp: SmtpSink;
let emulator: ChildProcess | undefined;
let service: ChildProcess | undefined;
let serviceOut = "";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

beforeAll(async () => {
  certDir = mkdtempSync(path.join(tmpdir(), "a0m-tls-"));
  smtp = new SmtpSink();
  await smtp.start();
  shared = await createSharedTestDb();
}, 60000);

afterAll(async () => {
  await stop(service);
  await stop(emulator);
  await smtp.stop();
  await shared.testDb.cleanup();
  rmSync(certDir, { recursive: true, force: true });
});

it("first login, linked login, reset confirm and /healthz over HTTPS to `emulator --tls`, trusted through NODE_EXTRA_CA_CERTS", async () => {
  await createLegacyTable(shared.testDb.db);
  const factory = new LegacyUserFactory(shared.testDb.db);
  const alice: CreatedLegacyUser = await factory.create();
  const bob: CreatedLegacyUser = await factory.create();
  await shared.releaseForChild();

  emulator = spawn(process.execPath, [BIN, "emulator", "--tls", "--data-dir", certDir, "--port", "0"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "" },
  });
  let emulatorOut = "";
  emulator.stdout?.on("data", (c) => (emulatorOut += String(c)));
  const printed = await waitFor("the emulator's banner", () => {
    const ca = /^NODE_EXTRA_CA_CERTS=(\S+)$/m.exec(emulatorOut)?.[1];
    const domain = /AUTH0_DOMAIN=(\S+)/.exec(emulatorOut)?.[1];
    return ca && domain ? { ca, domain } : undefined;
  });
  expect(emulatorOut).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+/);
  expect(printed.ca).toBe(path.join(certDir, "emulator-tls-cert.pem"));
  // A host alone: HTTPS, no downgrade.
  expect(printed.domain).toMatch(/^127\.0\.0\.1:\d+$/);

  const port = await freePort();
  service = spawn(process.execPath, [BIN, "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      DATA_DIR: certDir,
      ...shared.childEnv,
      NODE_EXTRA_CA_CERTS: printed.ca,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      SESSION_SECRET: "tls-test-session-secret-0123456789abcdef",
      AUTH0_DOMAIN: printed.domain,
      AUTH0_CLIENT_ID: "emulator-client",
      AUTH0_CLIENT_SECRET: "emulator-secret",
      AUTH0_MGMT_RATE: "0",
      LEGACY_TABLE: "users",
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
  });
  service.stdout?.on("data", (c) => (serviceOut += String(c)));
  const base = `http://127.0.0.1:${port}`;
  const health = await waitFor("a healthy service", async () => {
    try {
      const res = await fetch(`${base}/healthz`);
      const body = (await res.json()) as { auth0?: string };
      return body.auth0 === "ok" ? body : undefined;
    } catch {
      return undefined;
    }
  });
  expect(health).toMatchObject({ status: "ok", database: "ok", auth0: "ok", auth0_mode: "tenant" });

  const login = async (identifier: string, password: string) => {
    const res = await fetch(`${base}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identifier, password }),
    });
    return { status: res.status, body: (await res.json()) as { migration?: { state: string; auth0_user_id: string | null } } };
  };

  const first = await login(alice.username, alice.password);
  expect(first.status).toBe(200);
  expect(first.body.migration?.state).toBe("migrated");
  expect(first.body.migration?.auth0_user_id).toMatch(/^auth0\|/);
  // Linked: Auth0's password grant decides now (a refused connection would be 503 under `deny`).
  expect((await login(alice.username, alice.password)).status).toBe(200);
  expect((await login(alice.username, "Wrong-Password-1")).status).toBe(401);

  const requested = await fetch(`${base}/api/password-reset`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: bob.email }),
  });
  expect(requested.status).toBe(202);
  const mail = await waitFor("the reset email", () => smtp.to(bob.email as string)[0]);
  const [, , uid, token] = SmtpSink.resetPath(mail).split("/");
  const confirmed = await fetch(`${base}/api/password-reset/confirm`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ uid, token, password: "A-New-Strong-Passphrase-42" }),
  });
  expect(confirmed.status).toBe(200);
  const after = await login(bob.username, "A-New-Strong-Passphrase-42");
  expect(after.status).toBe(200);
  expect(after.body.migration?.state).toBe("migrated");

  expect(serviceOut).not.toContain("auth0 tls:");
}, 180000);
