import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

it("reports the database and Auth0 reachable", async () => {
  const res = await t.client().get("/healthz");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", database: "ok", auth0: "ok", auth0_mode: "emulator" });
});

it("reports Auth0 unreachable without failing the check (legacy logins still work), and recovers", async () => {
  // A fresh app: the probe caches its answer for a few seconds.
  const other = await startTestApp({ testDb: t.testDb, sharedEmulator: t.emulator });
  t.emulator.setFaults({ rules: [{ kind: "error_5xx", status: 503 }] });
  try {
    const res = await other.client().get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok", auth0: "unreachable" });
  } finally {
    t.emulator.clearFaults();
    await other.close({ db: true, emulator: true });
  }
});

it("answers 503 when the database does not answer", async () => {
  const other = await startTestApp();
  try {
    await other.testDb.db.destroy();
    const res = await other.client().get("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "error", database: "error" });
  } finally {
    await other.close().catch(() => undefined);
  }
});
