import { randomInt } from "node:crypto";
import { startTestApp, type TestApp } from "../support/startTestApp";

// Security review 17.1: the client address is the one TRUST_PROXY hops from the right of
// X-Forwarded-For; entries further left are the client's own writing.

async function failures(t: TestApp): Promise<Array<{ ip: string }>> {
  return t.testDb.db("auth0_login_failures").select("ip");
}

function randomAddress(): string {
  return `203.0.113.${randomInt(1, 255)}`;
}

describe("with one trusted proxy hop", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: "1", THROTTLE_ACCOUNT_IP_MAX: "10", THROTTLE_IP_MAX: "100" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("throttles 30 failures sent as `X-Forwarded-For: <random>, <fixed>` on <fixed>, and passes <fixed> to Auth0", async () => {
    const u = await t.users.create();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await t.client().postJson("/api/login", { identifier: u.username, password: "Wrong-Pass-1" }, { "x-forwarded-for": `${randomAddress()}, 198.51.100.7` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
    expect(new Set((await failures(t)).map((f) => f.ip))).toEqual(new Set(["198.51.100.7"]));
    // The owner behind another proxy-seen address is not locked out by the spoofed entries.
    const ok = await t.client().postJson("/api/login", { identifier: u.username, password: u.password }, { "x-forwarded-for": "198.51.100.7, 198.51.100.8" });
    expect(ok.status).toBe(200);
    // The now-linked user's next login goes to Auth0 with the proxy-seen address only.
    const seen = t.emulator.requests.length;
    await t.client().postJson("/api/login", { identifier: u.username, password: u.password }, { "x-forwarded-for": "192.0.2.66, 198.51.100.9" });
    const forwarded = t.emulator.requests.slice(seen).map((r) => r.forwardedFor).filter((f): f is string => f !== undefined);
    expect(forwarded).toContain("198.51.100.9");
    expect(forwarded.some((f) => f.includes("192.0.2.66") || f.includes("203.0.113."))).toBe(false);
  });
});

describe("with no trusted proxy (the default, even when PUBLIC_URL is https)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: "https://login.example.com", THROTTLE_ACCOUNT_IP_MAX: "10", THROTTLE_IP_MAX: "100" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("ignores X-Forwarded-For: spoofed entries neither dodge the throttle nor lock another address out", async () => {
    const u = await t.users.create();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await t.client().postJson(
        "/api/login",
        { identifier: u.username, password: "Wrong-Pass-1" },
        { "x-forwarded-for": `${randomAddress()}, 198.51.100.${i + 1}`, origin: "https://login.example.com" },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
    const ips = new Set((await failures(t)).map((f) => f.ip));
    expect(ips.size).toBe(1);
    expect([...ips][0]).toMatch(/127\.0\.0\.1$/);
  });
});
