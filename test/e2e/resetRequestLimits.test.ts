import { SmtpSink } from "../support/SmtpSink";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * Issue 17.5: reset requests are limited per address and per client address (counted in
 * PostgreSQL), and every answer stays the same 202, so the limit reveals nothing.
 */
let t: TestApp;
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = new SmtpSink();
  const url = await smtp.start();
  // The defaults, spelled out: startTestApp lifts them for tests not about them.
  t = await startTestApp({ env: { SMTP_URL: url, RESET_REQUEST_EMAIL_MAX: "3", RESET_REQUEST_IP_MAX: "20" } });
});

afterAll(async () => {
  await t.close();
  await smtp.stop();
});

async function answer(email: string): Promise<string> {
  const res = await t.client().postJson("/api/password-reset", { email });
  return `${res.status} ${res.headers.get("content-type")} ${await res.text()}`;
}

it("sends 3 emails for 15 requests for one address (any case), all answered the same 202", async () => {
  const victim = await t.users.create({ email: "victim@example.com" });
  const spellings = [victim.email!, "Victim@Example.com", "VICTIM@EXAMPLE.COM"];
  const answers: string[] = [];
  for (let i = 0; i < 15; i++) answers.push(await answer(spellings[i % spellings.length]!));
  await t.app.reset.drain();
  expect(smtp.to(victim.email!)).toHaveLength(3);
  expect(new Set(answers)).toEqual(new Set([answers[0]]));
  expect(answers[0]).toMatch(/^202 /);
  // An unknown address is answered alike.
  expect(await answer("nobody-at-all@example.com")).toBe(answers[0]);
});

it("sends at most 20 from one client address, the HTML form included, answering alike", async () => {
  // The first test's 3 sent requests and the unknown address count against this client too.
  const users = await Promise.all(Array.from({ length: 20 }, () => t.users.create()));
  const answers = new Set<string>();
  for (const u of users) answers.add(await answer(u.email!));
  await t.app.reset.drain();
  const mailed = users.filter((u) => smtp.to(u.email!).length > 0);
  expect(mailed).toHaveLength(20 - 4);
  expect(answers.size).toBe(1);

  const late = await t.users.create();
  const client = t.client();
  const csrf = await client.csrfFrom("/password-reset");
  const page = await client.postForm("/password-reset", { _csrf: csrf, email: late.email! });
  expect(page.status).toBe(200);
  await t.app.reset.drain();
  expect(smtp.to(late.email!)).toHaveLength(0);
  // Refused requests are not counted, so the window always passes: 3 + 1 + 16 rows.
  const rows = (await t.testDb.db("auth0_reset_requests").count({ n: "*" })) as Array<{ n: string | number }>;
  expect(Number(rows[0]?.n)).toBe(20);
});
