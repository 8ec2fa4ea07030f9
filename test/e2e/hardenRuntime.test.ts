import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * harden_runtime over HTTP: a wrong password for a user still stored as an unsalted MD5 or an
 * old phpass hash (microseconds to check) must cost what a wrong password for a user in the
 * write format costs (bcrypt at cost 10), so timing does not tell which users still have weak
 * hashes. Same tolerance as timingParity (docs/RELIABILITY.md): 25 % + 10 ms of the median.
 */
const SAMPLES = 15;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ hasherCosts: { bcryptCost: 10 }, env: { THROTTLE_ACCOUNT_IP_MAX: "1000", THROTTLE_IP_MAX: "1000" } });
}, 120000);

afterAll(async () => {
  await t.close();
}, 120000);

async function medianMs(identifier: string, password: string): Promise<{ ms: number; status: number }> {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const started = process.hrtime.bigint();
    const res = await t.client().postJson("/api/login", { identifier, password });
    status = res.status;
    await res.text();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, status };
}

it("makes a wrong password against a cheap legacy hash cost one write-format hash", async () => {
  const real = await t.users.create({ passwordHash: await new BcryptHasher(10).encode("Real-Pass-1") });
  const md5 = await t.users.create({ passwordHash: "88a434c88cca4e900f7874cd98123f43" });
  const phpass = await t.users.create({ passwordHash: "$P$8ohUJ.1sdFw09/bMaAQPTGDNi2BIUt1" });
  const wrong = await medianMs(real.username, "Wrong-Pass-1");
  const cheap = { unsalted_md5: await medianMs(md5.username, "Wrong-Pass-1"), phpass: await medianMs(phpass.username, "Wrong-Pass-1") };
  process.stderr.write(
    `harden_runtime medians (ms): ${JSON.stringify({ bcrypt10: Math.round(wrong.ms), unsalted_md5: Math.round(cheap.unsalted_md5.ms), phpass: Math.round(cheap.phpass.ms) })}\n`,
  );
  expect(wrong.status).toBe(401);
  expect(wrong.ms).toBeGreaterThan(20);
  for (const c of Object.values(cheap)) {
    expect(c.status).toBe(401);
    expect(Math.abs(c.ms - wrong.ms)).toBeLessThan(wrong.ms * 0.25 + 10);
  }
}, 120000);
