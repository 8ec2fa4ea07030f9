import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MigrationFixtures } from "../support/migrationFixtures";
import { SmtpSink } from "../support/SmtpSink";
import { startTestApp, type TestApp } from "../support/startTestApp";
import { loggedIn } from "../support/loggedIn";

let t: TestApp;
let fixtures: MigrationFixtures;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "staff-reset-links-"));
  // No SMTP_URL: the reset email is written to DATA_DIR/outbox, as in the sandbox.
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  fixtures = new MigrationFixtures(t.testDb.db);
});

afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const outbox = (): string => path.join(dataDir, "outbox");

function outboxMessages(): string[] {
  let files: string[];
  try {
    files = readdirSync(outbox());
  } catch {
    return [];
  }
  return files.sort().map((f) => readFileSync(path.join(outbox(), f), "utf8"));
}

/** The reset path in an .eml (quoted-printable soft breaks and `=3D` undone). */
function resetPathIn(eml: string): string {
  return SmtpSink.resetPathIn(eml.replace(/=\r?\n/g, "").replace(/=3D/g, "="));
}

function row(html: string, state: string, userId: string): string {
  const section = new RegExp(`<section id="list-${state}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? "";
  return new RegExp(`<tr data-user="${userId}">[\\s\\S]*?</tr>`).exec(section)?.[0] ?? "";
}

async function audit(legacyUserId: string): Promise<Array<{ staff_user_id: string; staff_username: string; outcome: string }>> {
  return t.testDb.db("auth0_staff_reset_links").where({ legacy_user_id: legacyUserId }).orderBy("id");
}

describe("staff sending a stuck user a reset link from /admin", () => {
  it("shows each stuck list with the reason in plain words, a button where there is an address, and none for no_email", async () => {
    const staff = await t.users.create({ isStaff: true });
    const conflict = await t.users.create();
    const pending = await t.users.create();
    const noEmail = await t.users.create({ email: null });
    await fixtures.attempted(conflict.id, "conflict");
    await fixtures.attempted(pending.id, "pending");
    await fixtures.attempted(noEmail.id, "no_email");
    const html = await (await (await loggedIn(t.client(), staff)).get("/admin")).text();

    const conflictRow = row(html, "conflict", conflict.id);
    expect(conflictRow).toContain("A reset link proves they own the address");
    expect(conflictRow).toContain(`action="/admin/users/${conflict.id}/reset-link"`);
    expect(row(html, "pending", pending.id)).toContain("could not be reached when they last logged in");
    const noEmailRow = row(html, "no_email", noEmail.id);
    expect(noEmailRow).toContain("No email address: no link can be sent");
    expect(noEmailRow).toContain("add an email address on their account page");
    expect(noEmailRow).not.toContain("reset-link");
  });

  it("sends a weak_password user the reset email, records who did it, and the link finishes the migration", async () => {
    const staff = await t.users.create({ isStaff: true });
    const u = await t.users.create({ password: "weakpass" });
    expect((await t.client().postJson("/api/login", { identifier: u.username, password: "weakpass" })).status).toBe(200);
    const client = await loggedIn(t.client(), staff);
    const page = await (await client.get("/admin")).text();
    expect(row(page, "weak_password", u.id)).toContain("too weak for the new login system");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const before = outboxMessages().length;

    const res = await client.postForm(`/admin/users/${u.id}/reset-link`, { _csrf: csrf, list: "weak_password" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin#list-weak_password");
    const messages = outboxMessages();
    expect(messages.length).toBe(before + 1);
    const eml = messages.find((m) => m.includes(`To: ${u.email}`));
    expect(eml).toBeDefined();
    expect(await audit(u.id)).toEqual([expect.objectContaining({ staff_user_id: staff.id, staff_username: staff.username, outcome: "sent" })]);

    const after = await (await client.get("/admin")).text();
    expect(after).toContain("Reset link sent to the user");
    expect(row(after, "weak_password", u.id)).toContain(`by ${staff.username}`);

    // The user follows the emailed link and moves over.
    const confirm = await t.client().postJson("/api/password-reset/confirm", {
      uid: resetPathIn(eml!).split("/")[2],
      token: resetPathIn(eml!).split("/")[3],
      password: "Staff-Sent-Pass-1",
    });
    expect(confirm.status).toBe(200);
    expect((await t.testDb.db("auth0_links").where({ legacy_user_id: u.id }).first()).method).toBe("password_reset");
    // Neither the link nor its token reaches the log; the send is logged with who did it.
    const logs = t.logs.join("");
    expect(logs).not.toContain(resetPathIn(eml!));
    expect(logs).not.toContain(resetPathIn(eml!).split("/")[3]!);
    expect(logs).toContain("reset link sent by staff");
  });

  it("sends nothing to a no_email user and says so", async () => {
    const staff = await t.users.create({ isStaff: true });
    const u = await t.users.create({ email: null });
    await fixtures.attempted(u.id, "no_email");
    const client = await loggedIn(t.client(), staff);
    const csrf = await client.csrfFrom("/admin");
    const before = outboxMessages().length;
    expect((await client.postForm(`/admin/users/${u.id}/reset-link`, { _csrf: csrf, list: "no_email" })).status).toBe(303);
    expect(outboxMessages().length).toBe(before);
    expect(await audit(u.id)).toEqual([]);
    expect(await (await client.get("/admin")).text()).toContain("This user has no usable email address, so no link can be sent");
  });

  it("refuses non-staff (403), the anonymous (to login) and a post without the CSRF token; nothing sent or recorded", async () => {
    const staff = await t.users.create({ isStaff: true });
    const u = await t.users.create();
    await fixtures.attempted(u.id, "conflict");
    const before = outboxMessages().length;

    const plain = await t.users.create();
    const user = await loggedIn(t.client(), plain);
    const userCsrf = await user.csrfFrom("/");
    expect((await user.postForm(`/admin/users/${u.id}/reset-link`, { _csrf: userCsrf })).status).toBe(403);

    const anon = await t.client().postForm(`/admin/users/${u.id}/reset-link`, {});
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toBe("/login?next=/admin");

    const admin = await loggedIn(t.client(), staff);
    expect((await admin.postForm(`/admin/users/${u.id}/reset-link`, {})).status).toBe(403);
    expect((await admin.postForm(`/admin/users/${u.id}/reset-link`, { _csrf: "forged" })).status).toBe(403);

    expect(outboxMessages().length).toBe(before);
    expect(await audit(u.id)).toEqual([]);
  });
});
