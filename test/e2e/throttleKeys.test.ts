import { LegacyUserStore } from "../../src/legacy/LegacyUserStore";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * Issue 17.8: the throttle counts per legacy account found, so no spelling of an identifier
 * (username or email, any case, the dotted capital I that PostgreSQL lowers to "i" but
 * JavaScript to "i" plus a combining dot) buys fresh guesses.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { THROTTLE_ACCOUNT_IP_MAX: "3", THROTTLE_IP_MAX: "1000" } });
});

afterAll(async () => {
  await t.close();
});

async function login(identifier: string, password: string): Promise<number> {
  const res = await t.client().postJson("/api/login", { identifier, password });
  await res.text();
  return res.status;
}

it("counts the username, the email and its case variants as one account", async () => {
  const u = await t.users.create({ email: "Mixed.Case@example.com" });
  expect(await login(u.username, "Wrong-Pass-1")).toBe(401);
  expect(await login("mixed.case@example.com", "Wrong-Pass-1")).toBe(401);
  expect(await login("MIXED.CASE@EXAMPLE.COM", "Wrong-Pass-1")).toBe(401);
  for (const spelling of [u.username, u.email!, "mixed.CASE@example.com"]) expect(await login(spelling, u.password)).toBe(429);
});

it("gives the dotted-I spelling of a throttled email no fresh guesses", async () => {
  const u = await t.users.create({ email: "alice@example.com" });
  for (let i = 0; i < 3; i++) expect(await login("alice@example.com", "Wrong-Pass-1")).toBe(401);
  expect(await login("al\u0130ce@example.com", "Wrong-Pass-1")).toBe(429);
  expect(await login("al\u0130ce@example.com", u.password)).toBe(429);
});

it("still throttles an unknown identifier by itself, answering as for a known one", async () => {
  for (let i = 0; i < 3; i++) expect(await login("nobody-known@example.com", "Wrong-Pass-1")).toBe(401);
  expect(await login("Nobody-Known@example.com", "Wrong-Pass-1")).toBe(429);
  // A known user's own counter is untouched by that.
  const u = await t.users.create();
  expect(await login(u.username, u.password)).toBe(200);
});

it("looks the identifier up once per login: the login reuses the throttle's lookup", async () => {
  const u = await t.users.create();
  const lookups = jest.spyOn(LegacyUserStore.prototype, "findByIdentifier");
  try {
    expect(await login(u.username, u.password)).toBe(200);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(await login("nobody-at-all@example.com", "Wrong-Pass-1")).toBe(401);
    expect(lookups).toHaveBeenCalledTimes(2);
  } finally {
    lookups.mockRestore();
  }
});
