import { resolveLegacySchema } from "../../src/legacy/legacyPresets";
import { LegacyUserStore } from "../../src/legacy/LegacyUserStore";
import { createLegacyTable, LegacyUserFactory } from "../support/legacyUsers";
import { createTestDb, type TestDb } from "../support/testDb";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await createLegacyTable(t.db, "users", "integer");
  await createLegacyTable(t.db, "auth_user", "uuid");
  await t.db.schema.createTable("accounts", (tb) => {
    tb.text("account_key").primary();
    tb.text("login").notNullable();
    tb.text("mail");
    tb.text("pw").notNullable();
  });
});

afterAll(async () => {
  await t.cleanup();
});

describe.each([
  ["integer ids, default preset", "default" as const, "users"],
  ["uuid ids, django preset", "django" as const, "auth_user"],
])("LegacyUserStore with %s", (_name, preset, table) => {
  const store = () => new LegacyUserStore(t.db, resolveLegacySchema(preset, { table }));
  const factory = () => new LegacyUserFactory(t.db, table);

  it("finds by username, by email case-insensitively, and by id", async () => {
    const u = await factory().create({ email: "Some.One@Example.com" });
    const byName = await store().findByIdentifier(u.username);
    expect(byName).toMatchObject({ kind: "found", user: { id: u.id, username: u.username, isActive: true, isStaff: false } });
    expect(await store().findByIdentifier("some.one@EXAMPLE.COM")).toMatchObject({ kind: "found", user: { id: u.id } });
    expect((await store().findById(u.id))?.username).toBe(u.username);
  });

  it("reports a shared email as ambiguous and unknown ids as absent", async () => {
    await factory().create({ email: `dup-${table}@example.com` });
    await factory().create({ email: `dup-${table}@example.com` });
    expect(await store().findByIdentifier(`dup-${table}@example.com`)).toEqual({ kind: "ambiguous" });
    expect(await store().findByIdentifier("nobody@example.com")).toEqual({ kind: "none" });
    expect(await store().findById("not-a-valid-id")).toBeNull();
    expect(await store().findById("00000000-0000-0000-0000-000000000000")).toBeNull();
    expect(await store().findById("999999")).toBeNull();
  });

  it("writes only the password and last_login", async () => {
    const u = await factory().create();
    const at = new Date("2026-01-02T03:04:05Z");
    await store().updatePassword(u.id, "new-hash");
    await store().touchLastLogin(u.id, at);
    const row = await t.db(table).whereRaw("id::text = ?", [u.id]).first();
    expect(row.password).toBe("new-hash");
    expect(new Date(row.last_login).toISOString()).toBe(at.toISOString());
    expect(row.username).toBe(u.username);
  });
});

it("maps arbitrary column names with LEGACY_COLUMNS and works without optional columns", async () => {
  await t.db("accounts").insert({ account_key: "k-1", login: "mapped", mail: "m@example.com", pw: "$2b$04$hash" });
  const schema = resolveLegacySchema("default", {
    table: "accounts",
    columns: { id: "account_key", username: "login", email: "mail", password: "pw", is_active: "", is_staff: "", last_login: "" },
  });
  const store = new LegacyUserStore(t.db, schema);
  const found = await store.findByIdentifier("mapped");
  expect(found).toEqual({
    kind: "found",
    user: { id: "k-1", username: "mapped", email: "m@example.com", passwordHash: "$2b$04$hash", isActive: true, isStaff: false, lastLogin: null },
  });
  await store.touchLastLogin("k-1", new Date());
});
