import type { Auth0ConnectionReader } from "../../src/auth0/Auth0ConnectionReader";
import { Auth0UnavailableError } from "../../src/auth0/auth0Errors";
import { createLogger } from "../../src/logger";
import { ConnectionPasswordPolicy } from "../../src/password/PasswordPolicySource";

function reader(answer: () => Promise<Awaited<ReturnType<Auth0ConnectionReader["readPasswordSettings"]>>>): Auth0ConnectionReader & { calls: number } {
  const r = {
    calls: 0,
    readPasswordSettings: () => {
      r.calls++;
      return answer();
    },
  };
  return r;
}

describe("ConnectionPasswordPolicy", () => {
  it("states the connection's policy and its minimum length when the tenant lets us read it", async () => {
    const source = new ConnectionPasswordPolicy(reader(async () => ({ policy: "fair", minLength: 12 })), { configured: "low", timeoutMs: 1000 }, createLogger("silent"));
    const text = await source.describe();
    expect(text).toContain("at least 12 characters");
    expect(text).toContain("lower-case letters, upper-case letters and digits");
  });

  it("falls back to AUTH0_PASSWORD_POLICY when the read is refused (no read:connections), and does not ask again at once", async () => {
    const r = reader(async () => {
      throw new Auth0UnavailableError("misconfigured", "insufficient_scope");
    });
    let now = 1_000_000;
    const source = new ConnectionPasswordPolicy(r, { configured: "excellent", timeoutMs: 1000, cacheMs: 60_000, clock: () => now }, createLogger("silent"));
    expect(await source.describe()).toContain("at least 10 characters");
    expect(await source.describe()).toContain("at least 10 characters");
    expect(r.calls).toBe(1);
    now += 60_001;
    await source.describe();
    expect(r.calls).toBe(2);
  });

  it("falls back to configuration when the connection is not found or there is no reader", async () => {
    const missing = new ConnectionPasswordPolicy(reader(async () => null), { configured: "low", timeoutMs: 1000 }, createLogger("silent"));
    expect(await missing.describe()).toContain("at least 6 characters");
    const none = new ConnectionPasswordPolicy(null, { configured: "good", timeoutMs: 1000 }, createLogger("silent"));
    expect(await none.describe()).toContain("at least 8 characters and must contain at least 3 of these 4");
  });
});
