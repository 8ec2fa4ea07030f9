import { ManagementClient, ManagementError } from "auth0";
import { Auth0Emulator, type EmulatorRequestRecord, type EmulatorUser } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";

/** The `/__emulator/` API that lets another process (benchmarks, the standalone CLI) drive the emulator. */

const CLIENT = { clientId: "admin-client", clientSecret: "admin-secret" };
const CONNECTION = "Username-Password-Authentication";

let emulator: Auth0Emulator;
let mgmt: ManagementClient;

function admin(path: string, init: { method?: string; body?: unknown; authorization?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const authorization = init.authorization === undefined ? `Bearer ${CLIENT.clientSecret}` : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  let body: string | undefined;
  if (init.body !== undefined) {
    headers["content-type"] = "application/json";
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  }
  return fetch(`${emulator.baseUrl}/__emulator/${path}`, { method: init.method ?? "GET", headers, ...(body !== undefined ? { body } : {}) });
}

beforeAll(async () => {
  emulator = new Auth0Emulator({ ...CLIENT });
  const { domain } = await emulator.start();
  mgmt = new ManagementClient({ domain, ...CLIENT, fetch: loopbackFetch, maxRetries: 0 });
});

afterAll(async () => {
  await emulator.stop();
});

describe("/__emulator/ auth", () => {
  it.each([
    ["no Authorization", null],
    ["a wrong bearer", "Bearer not-the-secret"],
    ["the client id", `Bearer ${CLIENT.clientId}`],
    ["Basic with the secret", `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}`],
  ])("refuses %s with 401 and changes nothing", async (_label, authorization) => {
    for (const [path, method, body] of [
      ["users", "GET", undefined],
      ["users", "POST", { email: "intruder@example.com", password: "x" }],
      ["faults", "POST", { rules: [{ kind: "reset" }] }],
      ["reset", "POST", undefined],
      ["requests", "GET", undefined],
    ] as const) {
      const res = await admin(path, { method, body, authorization });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ statusCode: 401, error: "Unauthorized" });
    }
    expect(emulator.listUsers().some((u) => u.email === "intruder@example.com")).toBe(false);
    expect(emulator.activeFaults()).toEqual([]);
  });
});

describe("/__emulator/ with the client secret", () => {
  it("seeds and lists users (bypassing the policy, not uniqueness)", async () => {
    const created = await admin("users", { method: "POST", body: { email: "Seeded@Example.com", password: "weak", app_metadata: { legacy_id: 7 } } });
    expect(created.status).toBe(201);
    const user = (await created.json()) as EmulatorUser;
    expect(user).toMatchObject({ connection: CONNECTION, email: "seeded@example.com", blocked: false, app_metadata: { legacy_id: 7 } });
    expect(emulator.checkPassword(user.user_id, "weak")).toBe(true);

    const list = (await (await admin("users")).json()) as EmulatorUser[];
    expect(list.map((u) => u.user_id)).toContain(user.user_id);

    const dup = await admin("users", { method: "POST", body: { email: "SEEDED@example.com", password: "x" } });
    expect(dup.status).toBe(409);
    const bad = await admin("users", { method: "POST", body: { email: "no-password@example.com" } });
    expect(bad.status).toBe(400);
    const unknownConn = await admin("users", { method: "POST", body: { email: "x@example.com", password: "x", connection: "Nope" } });
    expect(unknownConn.status).toBe(400);
    const badJson = await admin("users", { method: "POST", body: "{oops" });
    expect(badJson.status).toBe(400);
  });

  it("sets, shows and clears faults; refuses an invalid fault config", async () => {
    const set = await admin("faults", { method: "POST", body: { rules: [{ kind: "error_5xx", target: "management", status: 500, remaining: 1 }] } });
    expect(set.status).toBe(204);
    expect(((await (await admin("faults")).json()) as { rules: unknown[] }).rules).toHaveLength(1);
    const err = await mgmt.users.listUsersByEmail({ email: "a@example.com" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManagementError);
    expect((err as ManagementError).statusCode).toBe(500);

    await admin("faults", { method: "POST", body: { rules: [{ kind: "hang", target: "any" }] } });
    // Faults never apply to /__emulator/ itself, so a hang on "any" can still be cleared.
    const cleared = await admin("faults", { method: "DELETE" });
    expect(cleared.status).toBe(204);
    await expect(mgmt.users.listUsersByEmail({ email: "a@example.com" })).resolves.toEqual([]);

    for (const body of [{ rules: [{ kind: "explode" }] }, { rules: [{ kind: "error_5xx", status: 404 }] }, { rules: [{ kind: "hang", probability: 2 }] }, { latency: 5 }, []]) {
      const res = await admin("faults", { method: "POST", body });
      expect(res.status).toBe(400);
    }
    expect(emulator.activeFaults()).toEqual([]);
  });

  it("configures connections", async () => {
    const res = await admin(`connections/${encodeURIComponent("Named Users")}`, { method: "POST", body: { requiresUsername: true, passwordPolicy: "low" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "Named Users", requiresUsername: true, passwordPolicy: "low" });
    const err = await mgmt.users.create({ connection: "Named Users", email: "named@example.com", password: "sixchr" }).catch((e: unknown) => e);
    expect((err as ManagementError).statusCode).toBe(400); // username now required
    await expect(mgmt.users.create({ connection: "Named Users", email: "named@example.com", password: "sixchr", username: "named" })).resolves.toMatchObject({
      username: "named",
    });
    const bad = await admin("connections/X", { method: "POST", body: { passwordPolicy: "strong" } });
    expect(bad.status).toBe(400);
  });

  it("lists requests (not its own) and resets state", async () => {
    await mgmt.users.listUsersByEmail({ email: "logged@example.com" });
    const records = (await (await admin("requests")).json()) as EmulatorRequestRecord[];
    expect(records.length).toBeGreaterThan(0);
    expect(records.some((r) => r.path === "/api/v2/users-by-email" && r.status === 200 && r.target === "management")).toBe(true);
    expect(records.some((r) => r.path.startsWith("/__emulator/"))).toBe(false);
    const last = records[records.length - 1] as EmulatorRequestRecord;
    expect((await (await admin(`requests?since=${last.seq}`)).json()) as unknown[]).toEqual([]);

    const reset = await admin("reset", { method: "POST" });
    expect(reset.status).toBe(204);
    expect(emulator.listUsers()).toEqual([]);
    expect(emulator.requests).toEqual([]);
    // Tokens survive a reset: the SDK's cached token keeps working.
    await expect(mgmt.users.listUsersByEmail({ email: "logged@example.com" })).resolves.toEqual([]);
  });

  it("answers 404 for an unknown emulator path", async () => {
    expect((await admin("nothing")).status).toBe(404);
  });
});

describe("constructor", () => {
  it.each(["0.0.0.0", "192.168.1.10", "example.com", "::"])("refuses the non-loopback host %s", (host) => {
    expect(() => new Auth0Emulator({ ...CLIENT, host })).toThrow(/non-loopback/);
  });

  it("refuses use of domain before start", () => {
    expect(() => new Auth0Emulator({ ...CLIENT }).domain).toThrow(/not started/);
  });
});
