import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import type { CreatedLegacyUser } from "../support/legacyUsers";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * One hashing worker and room for one waiting job: a burst of logins overflows the queue,
 * and the overflow answers 503 `server_busy` with Retry-After (JSON) or a plain page (HTML),
 * never a 500; the logins that got a worker succeed.
 */
const BURST = 16;

let t: TestApp;
let users: CreatedLegacyUser[];

beforeAll(async () => {
  t = await startTestApp({ hasherCosts: { bcryptCost: 10 }, env: { HASH_WORKERS: "1", HASH_QUEUE_MAX: "1" } });
  const hash = await new BcryptHasher(10).encode("Busy-Login-Pass-1");
  users = [];
  for (let i = 0; i < BURST; i++) users.push(await t.users.create({ passwordHash: hash, password: "Busy-Login-Pass-1" }));
});

afterAll(async () => {
  await t.close();
});

it("answers the JSON API's overflow with 503 server_busy and Retry-After", async () => {
  const answers = await Promise.all(
    users.map(async (u) => {
      const res = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
      return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as { error?: string } };
    }),
  );
  const busy = answers.filter((a) => a.status === 503);
  const ok = answers.filter((a) => a.status === 200);
  expect(busy.length + ok.length).toBe(BURST);
  expect(busy.length).toBeGreaterThan(0);
  expect(ok.length).toBeGreaterThan(0);
  for (const b of busy) {
    expect(b.body.error).toBe("server_busy");
    expect(Number(b.retryAfter)).toBeGreaterThan(0);
  }
  // Shedding is not a failed login: nothing was counted against the accounts.
  const retry = await t.client().postJson("/api/login", { identifier: users[0]!.username, password: users[0]!.password });
  expect(retry.status).toBe(200);
});

it("answers the HTML form's overflow with a plain 503 page", async () => {
  const client = t.client();
  const csrf = await client.csrfFrom("/login");
  const answers = await Promise.all(
    users.map(async (u) => {
      const res = await client.postForm("/login", { _csrf: csrf, identifier: u.username, password: u.password });
      return { status: res.status, type: res.headers.get("content-type") ?? "", retryAfter: res.headers.get("retry-after"), body: await res.text() };
    }),
  );
  const busy = answers.filter((a) => a.status === 503);
  expect(answers.filter((a) => a.status !== 503 && a.status !== 303)).toEqual([]);
  expect(busy.length).toBeGreaterThan(0);
  for (const b of busy) {
    expect(b.type).toMatch(/text\/html/);
    expect(b.body).toContain("The server is busy");
    expect(Number(b.retryAfter)).toBeGreaterThan(0);
  }
  expect(t.logs.join("\n")).not.toContain("Busy-Login-Pass-1");
});
