import { BulkImportFixtures } from "../support/bulkImportFixtures";
import { startTestApp, type TestApp } from "../support/startTestApp";
import { loggedIn } from "../support/loggedIn";

const rows = (html: string, attr: string): string[] => [...html.matchAll(new RegExp(`<tr ${attr}="([^"]+)"`, "g"))].map((m) => m[1] as string);

describe("/admin: the bulk-import section", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it("says no run exists yet, and the status API's bulk_import is null", async () => {
    const admin = await t.users.create({ isStaff: true });
    const client = await loggedIn(t.client(), admin);
    const html = await (await client.get("/admin")).text();
    expect(html).toContain('<section id="bulk-import"');
    expect(html).toContain("data-no-runs");
    expect(((await (await client.get("/api/admin/status")).json()) as { bulk_import: unknown }).bulk_import).toBeNull();
  });

  it("shows the runs, their files with job ids, every refused user once over the pages, and the repairs", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) ids.push((await t.users.create()).id);
    const runs = new BulkImportFixtures(t.testDb.db);
    const failedOld = Object.fromEntries(ids.slice(0, 5).map((id) => [id, "DUPLICATED_USER"]));
    const first = await runs.run([{ status: "completed", jobId: "job_first", inserted: [ids[25] as string], failed: failedOld }]);
    const failedNew = Object.fromEntries(ids.slice(5, 25).map((id) => [id, "CONFLICT_EMAIL"]));
    const second = await runs.run([
      { status: "completed", jobId: "job_second", inserted: [ids[26] as string, ids[27] as string], failed: failedNew },
      { status: "unknown", jobId: "job_gone", open: [ids[28] as string, ids[29] as string] },
    ]);
    await runs.repaired(ids[27] as string);

    const admin = await t.users.create({ isStaff: true });
    const client = await loggedIn(t.client(), admin);
    const page1 = await (await client.get("/admin")).text();
    expect(rows(page1, "data-run")).toEqual([second.name, first.name]);
    expect(page1).toMatch(new RegExp(`<tr data-run="${second.name}">.*data-run-inserted>2<.*data-run-failed>20<.*data-run-repaired>1<`));
    expect(rows(page1, "data-file")).toEqual([`${second.name}-file-3`, `${second.name}-file-2`, `${first.name}-file-1`]);
    expect(page1).toMatch(new RegExp(`data-file="${second.name}-file-3" data-status="unknown">.*<td>job_gone</td><td class="n">2</td><td class="n">0</td><td class="n">0</td><td class="n">2</td>`));
    expect(rows(page1, "data-repaired")).toEqual([ids[27]]);
    expect(page1).toContain("Users Auth0 refused (25)");

    const page2 = await (await client.get("/admin?import_errors_page=2")).text();
    const seen = [...rows(page1, "data-import-error"), ...rows(page2, "data-import-error")];
    expect(rows(page1, "data-import-error")).toHaveLength(20);
    expect(seen.sort()).toEqual(ids.slice(0, 25).sort());
    expect(page2).toContain("Page 2 of 2");
    expect((await client.get("/admin?import_errors_page=abc")).status).toBe(400);

    const api = (await (await client.get("/api/admin/status")).json()) as { bulk_import: Record<string, unknown> };
    expect(api.bulk_import).toMatchObject({ run_id: second.name, status: "finished", files: 2, users_submitted: 24, users_imported: 2, users_failed: 20, repaired: 1 });
  });
});
