import { migrateIfBehind } from "../../src/db/migrateIfBehind";
import * as latest from "../../src/db/migrateLatest";
import { migrationSource } from "../../migrations";
import { createTestDb, type TestDb } from "../support/testDb";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});

afterAll(async () => {
  await t.cleanup();
});

it("applies every migration to a fresh database, then only reads", async () => {
  const known = await migrationSource.getMigrations([]);
  const migrator = jest.spyOn(latest, "migrateLatest");
  expect(await migrateIfBehind(t.db)).toEqual(known);
  expect(migrator).toHaveBeenCalledTimes(1); // behind: the migrator runs (and the spy sees it)
  // Up to date: knex's migrator (and its lock-row writes) is not run at all.
  expect(await migrateIfBehind(t.db)).toEqual([]);
  expect(migrator).toHaveBeenCalledTimes(1);
  migrator.mockRestore();
  expect(await t.db.schema.hasTable("auth0_links")).toBe(true);
});
