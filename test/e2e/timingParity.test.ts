import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * Enumeration by timing: an unknown user, an inactive user and a user with an unusable
 * password must cost what a wrong password for a real user costs (one bcrypt at cost 10,
 * the default preset's write format). Tolerance (docs/RELIABILITY.md): each median within
 * 25 % + 10 ms of the wrong-password median. Sequential requests, so the medians measure
 * the work, not the queue.
 */
const SAMPLES = 21;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ hasherCosts: { bcryptCost: 10 }, env: { THROTTLE_ACCOUNT_IP_MAX: "1000", THROTTLE_IP_MAX: "1000" } });
});

afterAll(async () => {
  await t.close();
});

async function median(identifier: string, password: string): Promise<{ ms: number; status: number; body: string }> {
  const times: number[] = [];
  let last = { status: 0, body: "" };
  for (let i = 0; i < SAMPLES; i++) {
    const started = process.hrtime.bigint();
    const res = await fetch(`${t.baseUrl}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identifier, password }),
    });
    last = { status: res.status, body: await res.text() };
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, ...last };
}

it("answers unknown, inactive and unusable-password users as slowly as a wrong password", async () => {
  const cost10 = new BcryptHasher(10);
  const real = await t.users.create({ passwordHash: await cost10.encode("Real-Pass-1") });
  const inactive = await t.users.create({ passwordHash: await cost10.encode("Inactive-Pass-1"), isActive: false });
  const unusable = await t.users.create({ passwordHash: "!" });
  const wrong = await median(real.username, "Wrong-Pass-1");
  const cases = {
    unknown: await median("no-such-user-anywhere", "Wrong-Pass-1"),
    inactive: await median(inactive.username, "Inactive-Pass-1"),
    unusable: await median(unusable.username, "Wrong-Pass-1"),
  };
  const report = Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, Math.round(v.ms)]));
  process.stderr.write(`timing medians (ms): ${JSON.stringify({ wrong_password: Math.round(wrong.ms), ...report })}\n`);
  // A bcrypt at cost 10 really ran (tens of milliseconds), not a shortcut.
  expect(wrong.status).toBe(401);
  expect(wrong.ms).toBeGreaterThan(20);
  for (const c of Object.values(cases)) {
    expect(c.status).toBe(wrong.status);
    expect(c.body).toBe(wrong.body);
    expect(Math.abs(c.ms - wrong.ms)).toBeLessThan(wrong.ms * 0.25 + 10);
  }
}, 120000);
