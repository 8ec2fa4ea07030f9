import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { createSelfSignedCertificate } from "../../src/tls/selfSignedCertificate";
import { CONNECTION, startTestApp, TEST_CLIENT, type TestApp } from "../support/startTestApp";

// This process trusts no certificate made here: NODE_EXTRA_CA_CERTS is read at start only.
const tlsLines = (logs: string[]): string[] => logs.filter((l) => l.includes("auth0 tls: "));

describe("an Auth0 endpoint whose certificate is not trusted", () => {
  let t: TestApp;

  beforeAll(async () => {
    const emulator = new Auth0Emulator({
      clientId: TEST_CLIENT.id,
      clientSecret: TEST_CLIENT.secret,
      connections: [{ name: CONNECTION, passwordPolicy: "good" }],
      tls: createSelfSignedCertificate(),
    });
    await emulator.start();
    t = await startTestApp({ sharedEmulator: emulator });
  });

  afterAll(async () => {
    await t.close();
  });

  it("keeps today's outcomes (pending, unreachable) and logs the reason once, without a secret", async () => {
    for (let i = 0; i < 3; i += 1) {
      const u = await t.users.create();
      const res = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { migration: { state: string } }).migration.state).toBe("pending");
    }
    const health = await t.client().get("/healthz");
    expect(await health.json()).toMatchObject({ auth0: "unreachable" });
    expect(t.emulator.listUsers()).toHaveLength(0);

    const lines = tlsLines(t.logs);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 40, msg: "auth0 tls: self-signed certificate" });
    expect(t.logs.join("\n")).not.toContain(TEST_CLIENT.secret);
  });
});

describe("AUTH0_DOMAIN on loopback", () => {
  let emulator: Auth0Emulator;

  beforeAll(async () => {
    emulator = new Auth0Emulator({ clientId: TEST_CLIENT.id, clientSecret: TEST_CLIENT.secret });
    await emulator.start();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const tenantEnv = (domain: string): Record<string, string> => ({
    AUTH0_DOMAIN: domain,
    AUTH0_CLIENT_ID: TEST_CLIENT.id,
    AUTH0_CLIENT_SECRET: TEST_CLIENT.secret,
  });

  it("a host alone is spoken to over HTTPS, never downgraded to plain http", async () => {
    const t = await startTestApp({ sharedEmulator: emulator, env: tenantEnv(emulator.domain) });
    try {
      const u = await t.users.create();
      const res = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
      expect(((await res.json()) as { migration: { state: string } }).migration.state).toBe("pending");
      expect(emulator.listUsers().filter((x) => x.email === u.email?.toLowerCase())).toHaveLength(0);
      // The plain-HTTP server answers a TLS hello with garbage: that is named, once.
      expect(tlsLines(t.logs)).toHaveLength(1);
    } finally {
      await t.close({ emulator: true });
    }
  });

  it("http:// written by the operator is plain HTTP to the loopback host", async () => {
    const t = await startTestApp({ sharedEmulator: emulator, env: tenantEnv(`http://${emulator.domain}`) });
    try {
      const u = await t.users.create();
      const res = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
      expect(((await res.json()) as { migration: { state: string } }).migration.state).toBe("migrated");
      expect(tlsLines(t.logs)).toHaveLength(0);
    } finally {
      await t.close({ emulator: true });
    }
  });
});
