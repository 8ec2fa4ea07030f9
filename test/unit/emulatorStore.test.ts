import { EmulatorStore, EmulatorStoreError } from "../../src/auth0/emulator/EmulatorStore";
import { toApiUser } from "../../src/auth0/emulator/toApiUser";

function store(): EmulatorStore {
  const s = new EmulatorStore(() => Date.parse("2026-01-02T03:04:05.678Z"));
  s.configureConnection("DB", { requiresUsername: true, passwordPolicy: "none" });
  s.configureConnection("Other", {});
  return s;
}

describe("EmulatorStore", () => {
  it("stores emails lower-cased and keeps its indexes right through updates and deletes", () => {
    const s = store();
    const u = s.insertUser({ connection: "DB", email: "Ann@Example.COM", password: "pw", username: "Ann" });
    expect(u.email).toBe("ann@example.com");
    expect(u.created_at).toBe("2026-01-02T03:04:05.678Z");
    expect(s.findByLogin("DB", "ANN")?.user_id).toBe(u.user_id);
    expect(s.findByLogin("DB", "ann@EXAMPLE.com")?.user_id).toBe(u.user_id);
    expect(s.findByLogin("Other", "ann")).toBeUndefined();

    s.updateUser(u.user_id, { email: "New@Example.com", username: "annie" });
    expect(s.usersByEmail("ann@example.com")).toEqual([]);
    expect(s.usersByEmail("new@example.com").map((x) => x.user_id)).toEqual([u.user_id]);
    expect(s.findByLogin("DB", "ann")).toBeUndefined();
    expect(s.findByLogin("DB", "annie")?.user_id).toBe(u.user_id);
    expect(s.getUser(u.user_id)?.email_verified).toBe(false);

    expect(s.deleteUser(u.user_id)).toBe(true);
    expect(s.usersByEmail("new@example.com")).toEqual([]);
    expect(s.findByLogin("DB", "annie")).toBeUndefined();
    expect(s.deleteUser(u.user_id)).toBe(false);
  });

  it("allows one email per connection, but the same email in two connections", () => {
    const s = store();
    s.insertUser({ connection: "DB", email: "a@example.com", password: "x" });
    expect(() => s.insertUser({ connection: "DB", email: "A@example.com", password: "x" })).toThrow(EmulatorStoreError);
    s.insertUser({ connection: "Other", email: "a@example.com", password: "x" });
    expect(s.usersByEmail("a@example.com")).toHaveLength(2);
    expect(() => s.insertUser({ connection: "Missing", email: "b@example.com", password: "x" })).toThrow(/connection does not exist/);
  });

  it("checks passwords, merges metadata (null deletes) and hands out copies", () => {
    const s = store();
    const u = s.insertUser({ connection: "Other", email: "m@example.com", password: "one", app_metadata: { a: 1, b: { c: 2 } } });
    expect(s.checkPassword(u.user_id, "one")).toBe(true);
    s.updateUser(u.user_id, { password: "two", app_metadata: { a: null, d: 4 } });
    expect(s.checkPassword(u.user_id, "one")).toBe(false);
    expect(s.checkPassword(u.user_id, "two")).toBe(true);
    expect(s.checkPassword("auth0|nope", "two")).toBe(false);
    const copy = s.getUser(u.user_id);
    expect(copy?.app_metadata).toEqual({ b: { c: 2 }, d: 4 });
    (copy?.app_metadata.b as { c: number }).c = 99;
    expect(s.getUser(u.user_id)?.app_metadata).toEqual({ b: { c: 2 }, d: 4 });
  });

  it("issues Management tokens that expire", () => {
    let now = 1_000_000;
    const s = new EmulatorStore(() => now);
    const { accessToken, expiresIn } = s.issueToken();
    expect(expiresIn).toBe(86400);
    expect(s.isValidToken(accessToken)).toBe(true);
    expect(s.isValidToken("other")).toBe(false);
    now += 86_400_000;
    expect(s.isValidToken(accessToken)).toBe(false);
  });

  it("renders the Management API user shape", () => {
    const s = store();
    const u = s.insertUser({ connection: "DB", email: "joe.bloggs@example.com", password: "x", username: "joe" });
    const api = toApiUser(u);
    expect(api).toMatchObject({
      user_id: u.user_id,
      email: "joe.bloggs@example.com",
      username: "joe",
      name: "joe.bloggs@example.com",
      nickname: "joe.bloggs",
      identities: [{ connection: "DB", user_id: u.user_id.slice(6), provider: "auth0", isSocial: false }],
    });
    expect(api).not.toHaveProperty("blocked");
    expect(api.picture).toMatch(/^https:\/\//);
  });
});
