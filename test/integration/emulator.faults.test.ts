import { Management, ManagementClient } from "auth0";
import { AuthApiError, AuthenticationClient } from "auth0/legacy";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { managementFailure as mgmtFailure } from "../support/auth0Sdk";

/** Fault injection, seen through the real SDK clients. */

const CLIENT = { clientId: "faults-client", clientSecret: "faults-secret" };
const CONNECTION = "Username-Password-Authentication";
const PASSWORD = "Fault-T0lerant!";

let emulator: Auth0Emulator;
let mgmt: ManagementClient;
let auth: AuthenticationClient;

function newMgmt(): ManagementClient {
  return new ManagementClient({ domain: emulator.domain, ...CLIENT, fetch: loopbackFetch, maxRetries: 0 });
}

async function authFailure(call: Promise<unknown>): Promise<AuthApiError> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(AuthApiError);
    return err as AuthApiError;
  }
  throw new Error("expected the grant to fail");
}

let counter = 0;
function email(): string {
  counter += 1;
  return `fault${counter}.${Date.now()}@example.com`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  emulator = new Auth0Emulator({ ...CLIENT });
  const { domain } = await emulator.start();
  mgmt = newMgmt();
  auth = new AuthenticationClient({ domain, ...CLIENT, fetch: loopbackFetch });
  // Fetch and cache the Management token before any fault is set.
  await mgmt.users.listUsersByEmail({ email: "warm@example.com" });
});

afterEach(() => {
  emulator.clearFaults();
});

afterAll(async () => {
  await emulator.stop();
});

describe("error_5xx", () => {
  it("answers the configured status on Management for `remaining` requests, then expires", async () => {
    emulator.setFaults({ rules: [{ kind: "error_5xx", target: "management", status: 502, remaining: 1 }] });
    const mark = emulator.lastRequestSeq;
    const err = await mgmtFailure(() => mgmt.users.listUsersByEmail({ email: "a@example.com" }));
    expect(err.statusCode).toBe(502);
    expect(err.body).toMatchObject({ statusCode: 502, error: "Bad Gateway" });
    expect(err.rawResponse?.headers.get("x-ratelimit-limit")).not.toBeNull();
    await expect(mgmt.users.listUsersByEmail({ email: "a@example.com" })).resolves.toEqual([]);
    const records = emulator.requestsSince(mark);
    expect(records.map((r) => [r.target, r.status, r.fault])).toEqual([
      ["management", 502, "error_5xx"],
      ["management", 200, undefined],
    ]);
  });

  it("targets the password grant alone (default 503), leaving Management alone", async () => {
    const user = emulator.createUser({ email: email(), password: PASSWORD });
    emulator.setFaults({ rules: [{ kind: "error_5xx", target: "password_grant" }] });
    const err = await authFailure(auth.oauth.passwordGrant({ username: user.email, password: PASSWORD, realm: CONNECTION }));
    expect(err.statusCode).toBe(503);
    await expect(mgmt.users.get(user.user_id)).resolves.toMatchObject({ user_id: user.user_id });
  });

  it("targets the client-credentials token request: a fresh Management client cannot get a token", async () => {
    const user = emulator.createUser({ email: email(), password: PASSWORD });
    emulator.setFaults({ rules: [{ kind: "error_5xx", target: "token", status: 500 }] });
    const err = await mgmtFailure(() => newMgmt().users.listUsersByEmail({ email: "a@example.com" }));
    expect(err.statusCode).toBe(500);
    expect(err.message).toMatch(/token request failed/);
    // The password grant is another target.
    await expect(auth.oauth.passwordGrant({ username: user.email, password: PASSWORD, realm: CONNECTION })).resolves.toBeDefined();
  });
});

describe("rate_limit", () => {
  it("answers Management 429 with retry-after and x-ratelimit-reset = now + retryAfterSeconds", async () => {
    emulator.setFaults({ rules: [{ kind: "rate_limit", target: "management", retryAfterSeconds: 7 }] });
    const before = Math.floor(Date.now() / 1000);
    const err = await mgmtFailure(() => mgmt.users.listUsersByEmail({ email: "a@example.com" }));
    expect(err).toBeInstanceOf(Management.TooManyRequestsError);
    expect(err.body).toEqual({ statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached", errorCode: "too_many_requests" });
    const headers = err.rawResponse?.headers;
    expect(headers?.get("retry-after")).toBe("7");
    expect(headers?.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(headers?.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThanOrEqual(before + 7);
    expect(reset).toBeLessThanOrEqual(before + 9);
  });

  it("answers the token endpoint 429 too_many_requests", async () => {
    const user = emulator.createUser({ email: email(), password: PASSWORD });
    emulator.setFaults({ rules: [{ kind: "rate_limit", target: "password_grant", retryAfterSeconds: 3 }] });
    const err = await authFailure(auth.oauth.passwordGrant({ username: user.email, password: PASSWORD, realm: CONNECTION }));
    expect(err.statusCode).toBe(429);
    expect(err.error).toBe("too_many_requests");
    expect(err.headers.get("retry-after")).toBe("3");
    expect(err.headers.get("x-ratelimit-reset")).not.toBeNull();
  });
});

describe("hang", () => {
  it("holds the request past a short client timeout; the abandoned request has no effect", async () => {
    emulator.setFaults({ rules: [{ kind: "hang", target: "management", hangMs: 10_000 }] });
    const address = email();
    const started = Date.now();
    const err = await mgmtFailure(() =>
      mgmt.users.create({ connection: CONNECTION, email: address, password: PASSWORD }, { timeoutInSeconds: 0.4, maxRetries: 0 }),
    );
    const elapsed = Date.now() - started;
    expect(err.message).toMatch(/timeout/);
    expect(err.statusCode).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(3000);
    await sleep(100);
    expect(emulator.listUsers().some((u) => u.email === address)).toBe(false);
    emulator.clearFaults();
    await expect(mgmt.users.listUsersByEmail({ email: address })).resolves.toEqual([]);
  });

  it("with commitBeforeHang, the request takes effect although the answer never arrives", async () => {
    emulator.setFaults({ rules: [{ kind: "hang", target: "management", hangMs: 10_000, commitBeforeHang: true }] });
    const address = email();
    const err = await mgmtFailure(() =>
      mgmt.users.create({ connection: CONNECTION, email: address, password: PASSWORD }, { timeoutInSeconds: 0.3, maxRetries: 0 }),
    );
    expect(err.message).toMatch(/timeout/);
    expect(emulator.listUsers().filter((u) => u.email === address)).toHaveLength(1);
  });

  it("answers normally once hangMs has passed", async () => {
    emulator.setFaults({ rules: [{ kind: "hang", target: "management", hangMs: 300, remaining: 1 }] });
    const started = Date.now();
    await expect(mgmt.users.listUsersByEmail({ email: "a@example.com" })).resolves.toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe("reset", () => {
  it("destroys the connection with no response: a network error without a status", async () => {
    emulator.setFaults({ rules: [{ kind: "reset", target: "management", remaining: 1 }] });
    const mark = emulator.lastRequestSeq;
    // A short timeout: auth0 7.1.0 leaves its request-timeout timer running after a network error,
    // which would keep the process alive for the default 60 s.
    const err = await mgmtFailure(() => mgmt.users.listUsersByEmail({ email: "a@example.com" }, { timeoutInSeconds: 0.5 }));
    expect(err.statusCode).toBeUndefined();
    // auth0 7.1.0 reports a network failure as a ManagementError whose cause is undici's TypeError("fetch failed").
    expect((err.cause as Error | undefined)?.name).toBe("TypeError");
    expect((err.cause as Error | undefined)?.message).toBe("fetch failed");
    const records = emulator.requestsSince(mark);
    expect(records[0]).toMatchObject({ fault: "reset", status: 0 });
    await expect(mgmt.users.listUsersByEmail({ email: "a@example.com" })).resolves.toEqual([]);
  });

  it("resets the password grant too (a raw network error)", async () => {
    const user = emulator.createUser({ email: email(), password: PASSWORD });
    emulator.setFaults({ rules: [{ kind: "reset", target: "password_grant" }] });
    await expect(auth.oauth.passwordGrant({ username: user.email, password: PASSWORD, realm: CONNECTION })).rejects.not.toBeInstanceOf(AuthApiError);
  });
});

describe("latency and probability", () => {
  it("delays every response by at least latencyMs", async () => {
    emulator.setFaults({ latencyMs: 250, latencyJitterMs: 50, seed: 1 });
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      await mgmt.users.listUsersByEmail({ email: "a@example.com" });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(245);
      expect(elapsed).toBeLessThan(2000);
    }
    emulator.clearFaults();
    const started = Date.now();
    await mgmt.users.listUsersByEmail({ email: "a@example.com" });
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("repeats the same outcomes for the same seed", async () => {
    const run = async (): Promise<boolean[]> => {
      emulator.setFaults({ seed: 42, rules: [{ kind: "error_5xx", target: "management", probability: 0.5 }] });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 12; i++) {
        outcomes.push(await mgmt.users.listUsersByEmail({ email: "a@example.com" }).then(() => true, () => false));
      }
      return outcomes;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });

  it("never fires a rule of probability 0", async () => {
    emulator.setFaults({ rules: [{ kind: "error_5xx", probability: 0 }] });
    for (let i = 0; i < 5; i++) await expect(mgmt.users.listUsersByEmail({ email: "a@example.com" })).resolves.toEqual([]);
  });
});

describe("stop()", () => {
  it("ends hanging requests and closes promptly", async () => {
    const other = new Auth0Emulator({ ...CLIENT });
    const { baseUrl } = await other.start();
    other.setFaults({ rules: [{ kind: "hang", hangMs: 60_000 }] });
    const pending = fetch(`${baseUrl}/api/v2/users`).then(
      (res) => `status ${res.status}`,
      () => "network error",
    );
    await sleep(100);
    expect(other.requests).toHaveLength(1);
    const started = Date.now();
    await other.stop();
    expect(await pending).toBe("network error");
    expect(Date.now() - started).toBeLessThan(1500);
    await other.stop(); // idempotent
  });
});
