import { VerifyCache } from "../../src/gateway/VerifyCache";

describe("VerifyCache", () => {
  it("keeps an entry for the TTL of the injected clock, then forgets it", () => {
    let now = 1000;
    const cache = new VerifyCache<string | null>(5000, () => now);
    cache.set("sid", "alice");
    cache.set("gone", null);
    now += 4999;
    expect(cache.get("sid")).toBe("alice");
    expect(cache.get("gone")).toBeNull();
    now += 1;
    expect(cache.get("sid")).toBeUndefined();
  });

  it("keeps nothing with a TTL of 0", () => {
    const cache = new VerifyCache<string>(0, () => 0);
    cache.set("sid", "alice");
    expect(cache.get("sid")).toBeUndefined();
  });

  it("forgets a session at once, and stays within its bound", () => {
    const cache = new VerifyCache<number>(60_000, () => 0, 3);
    for (let i = 0; i < 10; i++) cache.set(`s${i}`, i);
    expect(cache.size).toBe(3);
    expect(cache.get("s0")).toBeUndefined();
    expect(cache.get("s9")).toBe(9);
    cache.forget("s9");
    expect(cache.get("s9")).toBeUndefined();
  });
});
