import { decodeUid, encodeUid, ResetTokens, type TokenSubject } from "../../src/reset/ResetTokens";
import { checksAroundTimeout } from "../support/tokenTimeout";

const user: TokenSubject = { id: "42", passwordHash: "$2b$10$abc", lastLogin: new Date("2026-01-01T10:00:00.123Z"), email: "A@Example.com" };

describe("ResetTokens", () => {
  let now = Date.UTC(2026, 5, 1);
  const tokens = new ResetTokens("secret-one-that-is-long-enough-000000", 3600, () => now);

  beforeEach(() => {
    now = Date.UTC(2026, 5, 1);
  });

  it("accepts its own token until the timeout, then refuses it", () => {
    const token = tokens.make(user);
    expect(token).toMatch(/^[0-9a-z]+-[0-9a-f]{40}$/);
    expect(checksAroundTimeout(() => tokens.check(user, token), (ms) => (now += ms), 3600)).toEqual([true, true, false]);
  });

  it.each([
    ["password hash", { passwordHash: "$2b$10$changed" }],
    ["last login", { lastLogin: new Date("2026-01-02T00:00:00Z") }],
    ["email", { email: "b@example.com" }],
    ["id", { id: "43" }],
  ])("dies when the %s changes", (_name, change) => {
    const token = tokens.make(user);
    expect(tokens.check({ ...user, ...change }, token)).toBe(false);
  });

  it("ignores the email's case and sub-second login precision", () => {
    const token = tokens.make(user);
    expect(tokens.check({ ...user, email: "a@example.com", lastLogin: new Date("2026-01-01T10:00:00.999Z") }, token)).toBe(true);
  });

  it("refuses tokens from another secret, tampered tokens and garbage", () => {
    const other = new ResetTokens("secret-two-that-is-long-enough-000000", 3600, () => now);
    const token = tokens.make(user);
    expect(tokens.check(user, other.make(user))).toBe(false);
    const [ts, mac] = token.split("-") as [string, string];
    expect(tokens.check(user, `${ts}-${mac.replace(/.$/, (c) => (c === "0" ? "1" : "0"))}`)).toBe(false);
    // A forged future timestamp cannot pass: the signature covers it.
    expect(tokens.check(user, `${(Number.parseInt(ts, 36) + 10).toString(36)}-${mac}`)).toBe(false);
    for (const bad of ["", "-", "abc", `${ts}-`, `${ts}-${mac}x`, "zzzzzzzzzzzzzz-" + mac, "a".repeat(500)]) {
      expect(tokens.check(user, bad)).toBe(false);
    }
  });

  it("round-trips user ids through the URL form and rejects malformed ones", () => {
    for (const id of ["1", "9f1c2d3e-0000-4000-8000-000000000000", "key with spaces"]) expect(decodeUid(encodeUid(id))).toBe(id);
    for (const bad of ["", "..", "a/b", "%00", "AAAA="]) expect(decodeUid(bad)).toBeNull();
  });
});
