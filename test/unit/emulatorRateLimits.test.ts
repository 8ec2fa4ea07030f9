import { BruteForceGuard } from "../../src/auth0/emulator/BruteForceGuard";
import { RateLimiter } from "../../src/auth0/emulator/RateLimiter";

function fakeClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe("RateLimiter", () => {
  it("spends a fixed-window budget and refills after the window", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ limit: 2, windowSeconds: 10 }, clock.now);
    const first = limiter.take();
    expect(first).toMatchObject({ allowed: true, limit: 2, remaining: 1, resetAt: Math.ceil((clock.now() + 10_000) / 1000) });
    expect(limiter.take()).toMatchObject({ allowed: true, remaining: 0 });
    clock.advance(4000);
    const refused = limiter.take();
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetAt: first.resetAt });
    expect(refused.retryAfterSeconds).toBe(6);
    expect(limiter.peek()).toMatchObject({ remaining: 0 });
    clock.advance(6000);
    expect(limiter.take()).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("reset() refills at once", () => {
    const limiter = new RateLimiter({ limit: 1, windowSeconds: 60 }, fakeClock().now);
    limiter.take();
    expect(limiter.take().allowed).toBe(false);
    limiter.reset();
    expect(limiter.take().allowed).toBe(true);
  });
});

describe("BruteForceGuard", () => {
  it("blocks an account from one IP after the threshold within the window, until the window passes", () => {
    const clock = fakeClock();
    const guard = new BruteForceGuard(3, 60_000, clock.now);
    for (let i = 0; i < 3; i++) {
      expect(guard.isBlocked("alice", "10.0.0.1")).toBe(false);
      guard.recordFailure("alice", "10.0.0.1");
      clock.advance(1000);
    }
    expect(guard.isBlocked("alice", "10.0.0.1")).toBe(true);
    expect(guard.isBlocked("alice", "10.0.0.2")).toBe(false);
    expect(guard.isBlocked("bob", "10.0.0.1")).toBe(false);
    clock.advance(57_001); // the first failure is now older than a minute
    expect(guard.isBlocked("alice", "10.0.0.1")).toBe(false);
  });

  it("forgets failures after a success; reset() forgets everything", () => {
    const guard = new BruteForceGuard(2, 60_000, fakeClock().now);
    guard.recordFailure("alice", "ip");
    guard.recordSuccess("alice", "ip");
    guard.recordFailure("alice", "ip");
    expect(guard.isBlocked("alice", "ip")).toBe(false);
    guard.recordFailure("alice", "ip");
    expect(guard.isBlocked("alice", "ip")).toBe(true);
    guard.reset();
    expect(guard.isBlocked("alice", "ip")).toBe(false);
  });

  it("keeps its memory bounded", () => {
    const guard = new BruteForceGuard(1, 60_000, fakeClock().now, 10);
    for (let i = 0; i < 50; i++) guard.recordFailure(`user${i}`, "ip");
    expect(guard.isBlocked("user0", "ip")).toBe(false); // evicted
    expect(guard.isBlocked("user49", "ip")).toBe(true);
  });
});
