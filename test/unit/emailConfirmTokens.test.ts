import { EmailConfirmTokens, type EmailTokenSubject } from "../../src/account/EmailConfirmTokens";
import { ResetTokens } from "../../src/reset/ResetTokens";
import { checksAroundTimeout } from "../support/tokenTimeout";

const SECRET = "secret-one-that-is-long-enough-000000";
const user: EmailTokenSubject = { id: "42", passwordHash: "$2b$10$abc", email: null };

describe("EmailConfirmTokens", () => {
  let now = Date.UTC(2026, 5, 1);
  const tokens = new EmailConfirmTokens(SECRET, 3600, () => now);

  beforeEach(() => {
    now = Date.UTC(2026, 5, 1);
  });

  it("names its user and address, and holds until the timeout", () => {
    const token = tokens.make(user, "New@Example.com");
    expect(tokens.peek(token)).toEqual({ userId: "42", address: "New@Example.com" });
    expect(checksAroundTimeout(() => tokens.check(user, token), (ms) => (now += ms), 3600)).toEqual([true, true, false]);
  });

  it.each([
    ["password hash", { passwordHash: "$2b$10$changed" }],
    ["legacy email", { email: "someone@example.com" }],
    ["user", { id: "43" }],
  ])("dies when the %s changes", (_name, change) => {
    const token = tokens.make(user, "new@example.com");
    expect(tokens.check({ ...user, ...change }, token)).toBe(false);
  });

  it("is bound to the address: another address with the same signature fails", () => {
    const [id, , ts, sig] = tokens.make(user, "new@example.com").split(".");
    const swapped = [id, Buffer.from("other@example.com").toString("base64url"), ts, sig].join(".");
    expect(tokens.peek(swapped)?.address).toBe("other@example.com");
    expect(tokens.check(user, swapped)).toBe(false);
  });

  it("refuses another secret's token, a token from the future, and shapes that are not tokens", () => {
    const other = new EmailConfirmTokens("another-secret-that-is-long-enough-00", 3600, () => now);
    expect(tokens.check(user, other.make(user, "new@example.com"))).toBe(false);
    now += 10_000;
    const future = tokens.make(user, "new@example.com");
    now -= 10_000;
    expect(tokens.check(user, future)).toBe(false);
    // A reset token of the same secret is no confirmation token.
    expect(tokens.check(user, new ResetTokens(SECRET, 3600, () => now).make({ ...user, lastLogin: null }))).toBe(false);
    for (const bad of ["", "a.b.c", "x".repeat(900), "NDI.bmV3.1.zz", "NDI=.bmV3QGV4YW1wbGUuY29t.1.0123456789abcdef0123456789abcdef01234567"]) {
      expect(tokens.peek(bad)).toBeNull();
      expect(tokens.check(user, bad)).toBe(false);
    }
  });
});
