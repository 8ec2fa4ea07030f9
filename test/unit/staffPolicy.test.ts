import { loadConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";
import type { LegacyUser } from "../../src/legacy/LegacyUser";
import { StaffPolicy, type EmailHolders } from "../../src/status/StaffPolicy";

function user(over: Partial<LegacyUser> = {}): LegacyUser {
  return { id: "1", username: "someone", email: "someone@example.com", passwordHash: "x", isActive: true, isStaff: false, lastLogin: null, ...over };
}

/** The database's answer, fixed: which user ids alone hold one of the asked addresses. */
function holders(soleHolderIds: string[] = []): EmailHolders & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    soleHoldersOfEmails: async (emails) => {
      asked.push([...emails]);
      return new Set(soleHolderIds);
    },
  };
}

describe("StaffPolicy", () => {
  it("grants staff by the legacy is_staff column only where the schema has one", async () => {
    expect(await new StaffPolicy([], true, holders()).isStaff(user({ isStaff: true }))).toBe(true);
    expect(await new StaffPolicy([], false, holders()).isStaff(user({ isStaff: true }))).toBe(false);
    expect(await new StaffPolicy([], true, holders()).isStaff(user())).toBe(false);
  });

  it("grants staff to ADMIN_USERS by exact username or by id:<legacy id>", async () => {
    const policy = new StaffPolicy(["Ops", "id:42"], false, holders(["1"]));
    expect(await policy.isStaff(user({ username: "Ops" }))).toBe(true);
    expect(await policy.isStaff(user({ username: "ops" }))).toBe(false);
    expect(await policy.isStaff(user({ id: "42", username: "x" }))).toBe(true);
    expect(await policy.isStaff(user({ id: "id:42" }))).toBe(false);
  });

  it("grants staff by an ADMIN_USERS email only to the user the database names its sole holder", async () => {
    const db = holders(["7"]);
    const policy = new StaffPolicy(["ops", "Boss@Example.com"], false, db);
    expect(await policy.isStaff(user({ id: "7", email: "boss@example.com" }))).toBe(true);
    // Whatever the address looks like in JavaScript, the database decides who holds it.
    expect(await policy.isStaff(user({ id: "8", email: "Boss@Example.com" }))).toBe(false);
    expect(await policy.isStaff(user({ id: "7", email: null }))).toBe(false);
    expect(db.asked).toEqual([["Boss@Example.com"], ["Boss@Example.com"]]);
  });

  it("never grants a deactivated user", async () => {
    expect(await new StaffPolicy(["someone"], true, holders(["1"])).isStaff(user({ isStaff: true, isActive: false }))).toBe(false);
  });
});

describe("ADMIN_USERS", () => {
  it("is a comma-separated list, trimmed, empty by default", () => {
    expect(loadConfig({}).adminUsers).toEqual([]);
    expect(loadConfig({ ADMIN_USERS: " ops , boss@example.com ," }).adminUsers).toEqual(["ops", "boss@example.com"]);
  });

  it("rejects a list of nothing and entries with spaces, naming the variable", () => {
    expect(() => loadConfig({ ADMIN_USERS: ", ," })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_USERS: ", ," })).toThrow(/^ADMIN_USERS: /);
    expect(() => loadConfig({ ADMIN_USERS: "two words" })).toThrow(/^ADMIN_USERS: /);
  });
});
