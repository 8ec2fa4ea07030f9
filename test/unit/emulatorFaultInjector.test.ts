import { FaultConfigError, FaultInjector, parseFaultConfig } from "../../src/auth0/emulator/FaultInjector";

describe("FaultInjector", () => {
  it("matches targets: 'any' rules hit everything, named rules only their target", () => {
    const f = new FaultInjector();
    f.configure({ rules: [{ kind: "reset", target: "token" }, { kind: "error_5xx", status: 502 }] });
    expect(f.pick("token")?.kind).toBe("reset");
    expect(f.pick("management")).toMatchObject({ kind: "error_5xx", status: 502 });
    expect(f.pick("any")?.kind).toBe("error_5xx");
  });

  it("applies defaults", () => {
    const f = new FaultInjector();
    f.configure({ rules: [{ kind: "hang" }] });
    expect(f.pick("password_grant")).toMatchObject({ target: "any", probability: 1, status: 503, retryAfterSeconds: 1, hangMs: 120_000, commitBeforeHang: false });
  });

  it("expires a rule after `remaining` hits", () => {
    const f = new FaultInjector();
    f.configure({ rules: [{ kind: "rate_limit", target: "management", remaining: 2 }] });
    expect(f.pick("password_grant")).toBeUndefined(); // does not spend the countdown
    expect(f.pick("management")).toBeDefined();
    expect(f.pick("management")).toBeDefined();
    expect(f.pick("management")).toBeUndefined();
    expect(f.activeRules()).toEqual([]);
  });

  it("rolls probabilities with a seeded PRNG: same seed, same decisions", () => {
    const decisions = (seed: number): boolean[] => {
      const f = new FaultInjector();
      f.configure({ seed, rules: [{ kind: "error_5xx", probability: 0.3 }] });
      return Array.from({ length: 200 }, () => f.pick("management") !== undefined);
    };
    const a = decisions(7);
    expect(decisions(7)).toEqual(a);
    expect(decisions(8)).not.toEqual(a);
    const hits = a.filter(Boolean).length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it("adds latency plus jitter within bounds", () => {
    const f = new FaultInjector();
    expect(f.latency()).toBe(0);
    f.configure({ latencyMs: 100, latencyJitterMs: 20, seed: 3 });
    for (let i = 0; i < 50; i++) {
      const ms = f.latency();
      expect(ms).toBeGreaterThanOrEqual(100);
      expect(ms).toBeLessThanOrEqual(120);
    }
    f.clear();
    expect(f.latency()).toBe(0);
    expect(f.pick("management")).toBeUndefined();
  });
});

describe("parseFaultConfig", () => {
  it.each([
    [null],
    [[]],
    [{ rules: {} }],
    [{ rules: [{ kind: "boom" }] }],
    [{ rules: [{ kind: "reset", target: "everything" }] }],
    [{ rules: [{ kind: "reset", probability: -0.1 }] }],
    [{ rules: [{ kind: "reset", remaining: 0 }] }],
    [{ rules: [{ kind: "error_5xx", status: 429 }] }],
    [{ rules: [{ kind: "hang", hangMs: "10" }] }],
    [{ rules: [{ kind: "hang", extra: 1 }] }],
    [{ latencyMs: -1 }],
    [{ seed: 1.5 }],
    [{ surprise: true }],
  ])("refuses %j", (raw) => {
    expect(() => parseFaultConfig(raw)).toThrow(FaultConfigError);
  });

  it("accepts a full config", () => {
    const config = {
      rules: [{ kind: "rate_limit", target: "management", probability: 0.5, remaining: 3, retryAfterSeconds: 9 }],
      latencyMs: 10,
      latencyJitterMs: 5,
      seed: 123,
    };
    expect(parseFaultConfig(config)).toEqual(config);
  });
});
