import { Writable } from "node:stream";
import type { Server } from "node:http";
import { buildApp, type App, type AppOverrides } from "../../src/app";
import { Auth0Emulator, type EmulatorOptions } from "../../src/auth0/emulator/Auth0Emulator";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { HttpClient } from "./HttpClient";
import { createLegacyTable, LegacyUserFactory, type IdType } from "./legacyUsers";
import { createTestDb, type TestDb } from "./testDb";

export const TEST_PUBLIC_URL = "http://localhost:3000";
export const TEST_CLIENT = { id: "test-client", secret: "test-client-secret" };
export const CONNECTION = "Username-Password-Authentication";

export interface TestAppOptions {
  env?: Record<string, string>;
  emulator?: Partial<EmulatorOptions>;
  table?: string;
  idType?: IdType;
  /** Reuse a database (and emulator) from an earlier start, e.g. to restart with other config. */
  testDb?: TestDb;
  sharedEmulator?: Auth0Emulator;
  clock?: () => number;
  mailer?: AppOverrides["mailer"];
  /** Real costs where the point is the cost (timing parity); cheap ones otherwise. */
  hasherCosts?: AppOverrides["hasherCosts"];
  /** Listen on this port instead of any free one (a browser test whose PUBLIC_URL must be the real address). */
  port?: number;
  /** Hashing the test built, e.g. to count the hashes a login runs. */
  hashing?: AppOverrides["hashing"];
}

export interface TestApp {
  app: App;
  server: Server;
  baseUrl: string;
  emulator: Auth0Emulator;
  testDb: TestDb;
  users: LegacyUserFactory;
  /** Every log line the app wrote (JSON), for secret scans. */
  logs: string[];
  client(): HttpClient;
  /** Stops the app; `keep` leaves the database and emulator for a restart. */
  close(keep?: { db?: boolean; emulator?: boolean }): Promise<void>;
}

/** Starts the real app over HTTP on 127.0.0.1 against a fresh database and emulator. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const table = options.table ?? "users";
  const testDb = options.testDb ?? (await createTestDb());
  if (!options.testDb) await createLegacyTable(testDb.db, table, options.idType ?? "integer");
  const emulator =
    options.sharedEmulator ??
    new Auth0Emulator({
      clientId: TEST_CLIENT.id,
      clientSecret: TEST_CLIENT.secret,
      connections: [{ name: CONNECTION, requiresUsername: false, passwordPolicy: "good" }],
      ...options.emulator,
    });
  if (!options.sharedEmulator) await emulator.start();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    LOG_LEVEL: "info",
    AUTH0_TIMEOUT_MS: "1500",
    // Tests that are not about the fleet's budget must not run into it.
    AUTH0_MGMT_RATE: "10000",
    AUTH0_MGMT_BURST: "10000",
    // Nor into the reset-request limits (test/e2e/resetRequestLimits.test.ts sets its own).
    RESET_REQUEST_EMAIL_MAX: "1000",
    RESET_REQUEST_IP_MAX: "1000",
    PUBLIC_URL: TEST_PUBLIC_URL,
    SESSION_SECRET: "test-session-secret-that-is-long-enough-0123456789",
    LEGACY_TABLE: table,
    ...options.env,
  });
  const app = await buildApp(config, {
    db: testDb.db,
    emulator,
    logger: createLogger("info", sink),
    hasherCosts: options.hasherCosts ?? { bcryptCost: 4, pbkdf2Iterations: 1000 },
    seedDemoUsers: false,
    campaignRunner: { claimLeaseMs: 2000, retryDelaysMs: [10, 20] },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.hashing ? { hashing: options.hashing } : {}),
  });
  const server = await app.listen(options.port ?? 0, "127.0.0.1");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    server,
    baseUrl,
    emulator,
    testDb,
    users: new LegacyUserFactory(testDb.db, table),
    logs,
    client: () => new HttpClient(baseUrl),
    close: async (keep = {}) => {
      await app.close();
      if (!keep.emulator) await emulator.stop();
      if (!keep.db) await testDb.cleanup();
    },
  };
}
