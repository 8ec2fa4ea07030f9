import { HasherRegistry } from "../../src/legacy/hashers/HasherRegistry";
import { PhpassHasher } from "../../src/legacy/hashers/PhpassHasher";
import { UnsaltedMd5Hasher } from "../../src/legacy/hashers/UnsaltedMd5Hasher";
import { CountingBcrypt } from "../support/countingBcrypt";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * harden_runtime over HTTP: a wrong password for a user still stored as an unsalted MD5 or an
 * old phpass hash (microseconds to check) must cost what a wrong password for a user in the
 * write format costs, one bcrypt check at the configured cost (10), so timing does not tell
 * which users still have weak hashes. Counted, not timed (docs/RELIABILITY.md).
 */
const COST = 10;

let t: TestApp;
const bcrypt = new CountingBcrypt(COST);

beforeAll(async () => {
  t = await startTestApp({
    hashing: new HasherRegistry([bcrypt, new UnsaltedMd5Hasher(), new PhpassHasher()], "bcrypt"),
    env: { THROTTLE_ACCOUNT_IP_MAX: "1000", THROTTLE_IP_MAX: "1000" },
  });
  // The dummy hash is made once, ahead of the counted logins.
  await t.app.hashers.warmUp();
}, 120000);

afterAll(async () => {
  await t.close();
}, 120000);

/** One login, and the bcrypt checks (their costs) it ran. */
async function counted(identifier: string, password: string): Promise<{ status: number; body: string; checks: number[] }> {
  bcrypt.reset();
  const res = await t.client().postJson("/api/login", { identifier, password });
  return { status: res.status, body: await res.text(), checks: bcrypt.checks };
}

it("makes a wrong password against a cheap legacy hash cost one write-format hash", async () => {
  const real = await t.users.create({ passwordHash: await bcrypt.encode("Real-Pass-1") });
  const md5 = await t.users.create({ passwordHash: "88a434c88cca4e900f7874cd98123f43" });
  const phpass = await t.users.create({ passwordHash: "$P$8ohUJ.1sdFw09/bMaAQPTGDNi2BIUt1" });
  const wrong = await counted(real.username, "Wrong-Pass-1");
  expect(wrong.status).toBe(401);
  expect(wrong.checks).toEqual([COST]);
  const cheap = { unsalted_md5: await counted(md5.username, "Wrong-Pass-1"), phpass: await counted(phpass.username, "Wrong-Pass-1") };
  for (const [name, c] of Object.entries(cheap)) {
    expect({ name, ...c }).toEqual({ name, status: 401, body: wrong.body, checks: [COST] });
  }
}, 120000);
