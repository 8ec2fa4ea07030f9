import { MigrationFixtures } from "../support/migrationFixtures";
import { SmtpSink } from "../support/SmtpSink";
import { startTestApp, type TestApp } from "../support/startTestApp";
import { loggedIn } from "../support/loggedIn";

function figure(html: string, key: string): string {
  const m = new RegExp(`data-figure="${key}">([^<]*)<`).exec(html);
  if (!m) throw new Error(`no figure ${key}`);
  return m[1] as string;
}

function listUsers(html: string, state: string): string[] {
  const section = new RegExp(`<section id="list-${state}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? "";
  return [...section.matchAll(/<tr data-user="([^"]+)">/g)].map((m) => m[1] as string);
}

describe("/admin access and figures", () => {
  let t: TestApp;
  let fixtures: MigrationFixtures;

  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_USERS: "named-admin" } });
    fixtures = new MigrationFixtures(t.testDb.db);
  });

  afterAll(async () => {
    await t.close();
  });

  it("sends an anonymous visitor to log in, and back to /admin after", async () => {
    const res = await t.client().get("/admin");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=/admin");
    const post = await t.client().postForm("/admin/campaigns", { name: "anon" });
    expect(post.status).toBe(303);
    expect(await t.testDb.db("auth0_reset_campaigns").where({ name: "anon" }).first()).toBeUndefined();

    const admin = await t.users.create({ isStaff: true });
    const client = t.client();
    const csrf = await client.csrfFrom(res.headers.get("location")!);
    const login = await client.postForm("/login", { _csrf: csrf, identifier: admin.username, password: admin.password, next: "/admin" });
    expect(login.headers.get("location")).toBe("/admin");
    expect((await client.get("/admin")).status).toBe(200);
  });

  it("answers 403 to a logged-in user who is not staff, for the page and its forms", async () => {
    const u = await t.users.create();
    const client = await loggedIn(t.client(), u);
    expect((await client.get("/admin")).status).toBe(403);
    const csrf = await client.csrfFrom("/");
    const res = await client.postForm("/admin/campaigns", { _csrf: csrf, name: "not-staff" });
    expect(res.status).toBe(403);
    expect(await t.testDb.db("auth0_reset_campaigns").where({ name: "not-staff" }).first()).toBeUndefined();
  });

  it("shows staff the same figures as /api/admin/status, the by-method table and a 30-day chart", async () => {
    for (let i = 0; i < 3; i += 1) await fixtures.migrated((await t.users.create()).id, "login", i);
    await fixtures.attempted((await t.users.create()).id, "weak_password");
    await fixtures.attempted((await t.users.create()).id, "pending");
    const admin = await t.users.create({ username: "named-admin" });
    const client = await loggedIn(t.client(), admin);
    const res = await client.get("/admin");
    expect(res.status).toBe(200);
    const html = await res.text();
    const api = (await (await client.get("/api/admin/status")).json()) as Record<string, number>;
    for (const key of ["total_users", "active_users", "migrated_users", "pending", "conflict", "weak_password", "no_email", "emailed_unmigrated", "migrated_last_7d"]) {
      expect([key, figure(html, key)]).toEqual([key, (api[key] as number).toLocaleString("en-US")]);
    }
    expect(figure(html, "migrated_percent")).toBe(`${api.migrated_percent!.toFixed(2)} %`);
    expect(api.pending).toBe(1);
    expect(html).toMatch(/data-method="login">\d+</);
    const bars = [...html.matchAll(/<rect class="bar"[^>]*data-count="(\d+)"/g)].map((m) => Number(m[1]));
    expect(bars).toHaveLength(30);
    // The fixtures migrated one user today, one yesterday, one the day before (plus the admin's own login today).
    expect(bars.reduce((a, b) => a + b, 0)).toBe(api.migrated_users);
    expect(bars.slice(-3).every((n) => n >= 1)).toBe(true);
    expect(listUsers(html, "weak_password")).toHaveLength(1);
    expect(listUsers(html, "pending")).toHaveLength(1);
  });

  it("pages through the conflict list 20 at a time, each user once, the other lists' pages kept in the links", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 45; i += 1) {
      const u = await t.users.create();
      await fixtures.attempted(u.id, "conflict");
      ids.push(u.id);
    }
    const admin = await t.users.create({ isStaff: true });
    const client = await loggedIn(t.client(), admin);
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const res = await client.get(`/admin?conflict_page=${page}&pending_page=1`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const users = listUsers(html, "conflict");
      expect(users).toHaveLength(page < 3 ? 20 : 5);
      seen.push(...users);
      expect(html).toContain(`Page ${page} of 3`);
      if (page < 3) expect(html).toContain(`href="/admin?conflict_page=${page + 1}#list-conflict"`);
    }
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(listUsers(await (await client.get("/admin?conflict_page=4")).text(), "conflict")).toEqual([]);
    for (const bad of ["0", "abc", "501", "1&conflict_page=2"]) {
      expect([bad, (await client.get(`/admin?conflict_page=${bad}`)).status]).toEqual([bad, 400]);
    }
  });
});

describe("starting a reset-email campaign from /admin", () => {
  let t: TestApp;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = new SmtpSink();
    const url = await smtp.start();
    t = await startTestApp({ env: { SMTP_URL: url } });
  });

  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it("counts the eligible users in a dry run, then emails exactly them once confirmed", async () => {
    const fixtures = new MigrationFixtures(t.testDb.db);
    // Staff without an email: never eligible itself.
    const admin = await t.users.create({ isStaff: true, email: null });
    const eligible = [await t.users.create(), await t.users.create(), await t.users.create()];
    await fixtures.attempted(eligible[2]!.id, "pending");
    const ineligible = [
      await t.users.create({ isActive: false }),
      await t.users.create({ passwordHash: "!unusable" }),
      await t.users.create(),
    ];
    await t.users.create({ email: null });
    await fixtures.migrated(ineligible[2]!.id);

    const client = await loggedIn(t.client(), admin);
    const csrf = await client.csrfFrom("/admin");

    const noCsrf = await client.postForm("/admin/campaigns/preview", { name: "" });
    expect(noCsrf.status).toBe(403);

    const preview = await client.postForm("/admin/campaigns/preview", { _csrf: csrf, name: "wave-1" });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain(`data-selected="${eligible.length}"`);
    expect(smtp.messages).toHaveLength(0);
    expect(await t.testDb.db("auth0_reset_campaigns").where({ name: "wave-1" }).first()).toBeUndefined();

    const confirmWithoutCsrf = await client.postForm("/admin/campaigns", { name: "wave-1" });
    expect(confirmWithoutCsrf.status).toBe(403);
    expect(await t.testDb.db("auth0_reset_campaigns").where({ name: "wave-1" }).first()).toBeUndefined();

    const hidden = Object.fromEntries([...previewHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    const start = await client.postForm("/admin/campaigns", hidden as Record<string, string>);
    expect(start.status).toBe(303);
    expect(start.headers.get("location")).toBe("/admin");
    await t.app.campaigns.drain();

    expect(smtp.messages.map((m) => m.to).sort()).toEqual(eligible.map((u) => u.email!).sort());
    const page = await (await client.get("/admin")).text();
    expect(page).toContain('id="admin-notice"');
    expect(page).toMatch(/<tr data-campaign="wave-1">.*?<td class="n">3<\/td><td class="n">3<\/td><td class="n">0<\/td>/);
    expect(figure(page, "emailed_unmigrated")).toBe("3");
    // The notice is shown once.
    expect(await (await client.get("/admin")).text()).not.toContain('id="admin-notice"');
  });

  it("starts a campaign once when its confirmation is posted twice", async () => {
    const admin = await t.users.create({ isStaff: true, email: null });
    const fresh = await t.users.create();
    const client = await loggedIn(t.client(), admin);
    const csrf = await client.csrfFrom("/admin");
    const before = smtp.messages.length;
    for (let i = 0; i < 2; i += 1) {
      expect((await client.postForm("/admin/campaigns", { _csrf: csrf, name: "double-click" })).status).toBe(303);
    }
    await t.app.campaigns.drain();
    expect(await t.testDb.db("auth0_reset_campaigns").where({ name: "double-click" })).toHaveLength(1);
    const rows = await t.testDb.db("auth0_reset_emails as e").join("auth0_reset_campaigns as c", "c.id", "e.campaign_id").where("c.name", "double-click");
    // A new campaign: wave-1's three users and the new one (no resend filter).
    expect(rows).toHaveLength(4);
    expect(rows.map((r: { legacy_user_id: string }) => r.legacy_user_id)).toContain(fresh.id);
    expect(smtp.messages.length - before).toBe(4);
    expect(new Set(rows.map((r: { legacy_user_id: string }) => r.legacy_user_id)).size).toBe(rows.length);
  });
});
