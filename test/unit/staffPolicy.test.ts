import { loadConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";
import type { LegacyUser } from "../../src/legacy/LegacyUser";
import { StaffPolicy } from "../../src/status/StaffPolicy";

function user(over: Partial<LegacyUser> = {}): LegacyUser {
  return { id: "1", username: "someone", email: "someone@example.com", passwordHash: "x", isActive: true, isStaff: false, lastLogin: null, ...over };
}

describe("StaffPolicy", () => {
  it("grants staff by the legacy is_staff column only where the schema has one", () => {
    expect(new StaffPolicy([], true).isStaff(user({ isStaff: true }))).toBe(true);
    expect(new StaffPolicy([], false).isStaff(user({ isStaff: true }))).toBe(false);
    expect(new StaffPolicy([], true).isStaff(user())).toBe(false);
  });

  it("grants staff to ADMIN_USERS by exact username or by email in any case", () => {
    const policy = new StaffPolicy(["Ops", "Boss@Example.com"], false);
    expect(policy.isStaff(user({ username: "Ops" }))).toBe(true);
    expect(policy.isStaff(user({ username: "ops" }))).toBe(false);
    expect(policy.isStaff(user({ email: "boss@example.COM" }))).toBe(true);
    expect(policy.isStaff(user({ email: null }))).toBe(false);
  });

  it("never grants a deactivated user", () => {
    expect(new StaffPolicy(["someone"], true).isStaff(user({ isStaff: true, isActive: false }))).toBe(false);
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
