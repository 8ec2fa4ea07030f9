import { SeededRandom } from "./SeededRandom";

export type FaultKind = "error_5xx" | "rate_limit" | "hang" | "reset";
export type FaultTarget = "any" | "management" | "token" | "password_grant";

export interface FaultRule {
  kind: FaultKind;
  /** Which requests the rule applies to; default "any" (every request except `/__emulator/`). */
  target?: FaultTarget;
  /** 0..1, default 1. Rolled with the seeded PRNG. */
  probability?: number;
  /** Applies to the next N matching requests, then expires; default unlimited. */
  remaining?: number;
  /** For error_5xx: the status, 500-599; default 503. */
  status?: number;
  /** For rate_limit: `Retry-After`, and `x-ratelimit-reset` = now + this; default 1. */
  retryAfterSeconds?: number;
  /** For hang: how long to hold the request before answering normally; default 120000. */
  hangMs?: number;
  /**
   * For hang: when true the request takes effect at once and only its answer is held (an Auth0 that
   * wrote the user but whose response never arrived). Default false: nothing happens until the hang ends,
   * and nothing at all if the client gives up first.
   */
  commitBeforeHang?: boolean;
}

export interface FaultConfig {
  rules?: FaultRule[];
  /** Added to every response (faulted or not), except `/__emulator/` ones. */
  latencyMs?: number;
  /** Uniform extra delay in [0, latencyJitterMs]. */
  latencyJitterMs?: number;
  /** Seed for the PRNG behind probabilities and jitter, so runs repeat. */
  seed?: number;
}

/** A rule after defaults were applied; `remaining` counts down. */
export interface ActiveFault {
  kind: FaultKind;
  target: FaultTarget;
  probability: number;
  remaining: number;
  status: number;
  retryAfterSeconds: number;
  hangMs: number;
  commitBeforeHang: boolean;
}

export class FaultConfigError extends Error {
  override name = "FaultConfigError";
}

const KINDS: readonly FaultKind[] = ["error_5xx", "rate_limit", "hang", "reset"];
const TARGETS: readonly FaultTarget[] = ["any", "management", "token", "password_grant"];
const RULE_KEYS = new Set(["kind", "target", "probability", "remaining", "status", "retryAfterSeconds", "hangMs", "commitBeforeHang"]);
const CONFIG_KEYS = new Set(["rules", "latencyMs", "latencyJitterMs", "seed"]);
const MAX_DELAY_MS = 3_600_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberIn(where: string, value: unknown, min: number, max: number, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new FaultConfigError(`${where}: expected ${integer ? "an integer" : "a number"} in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkKeys(where: string, value: Record<string, unknown>, allowed: Set<string>): void {
  const unknown = Object.keys(value).filter((k) => !allowed.has(k));
  if (unknown.length > 0) throw new FaultConfigError(`${where}: unknown field(s): ${unknown.join(", ")}`);
}

function parseRule(raw: unknown, index: number): FaultRule {
  const where = `rules[${index}]`;
  if (!isRecord(raw)) throw new FaultConfigError(`${where}: expected an object`);
  checkKeys(where, raw, RULE_KEYS);
  const kind = raw.kind;
  if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) {
    throw new FaultConfigError(`${where}.kind: expected one of ${KINDS.join(", ")}`);
  }
  const target = raw.target;
  if (target !== undefined && (typeof target !== "string" || !(TARGETS as readonly string[]).includes(target))) {
    throw new FaultConfigError(`${where}.target: expected one of ${TARGETS.join(", ")}`);
  }
  if (raw.commitBeforeHang !== undefined && typeof raw.commitBeforeHang !== "boolean") {
    throw new FaultConfigError(`${where}.commitBeforeHang: expected a boolean`);
  }
  const rule: FaultRule = { kind: kind as FaultKind };
  if (target !== undefined) rule.target = target as FaultTarget;
  const probability = numberIn(`${where}.probability`, raw.probability, 0, 1, false);
  if (probability !== undefined) rule.probability = probability;
  const remaining = numberIn(`${where}.remaining`, raw.remaining, 1, Number.MAX_SAFE_INTEGER, true);
  if (remaining !== undefined) rule.remaining = remaining;
  const status = numberIn(`${where}.status`, raw.status, 500, 599, true);
  if (status !== undefined) rule.status = status;
  const retryAfter = numberIn(`${where}.retryAfterSeconds`, raw.retryAfterSeconds, 0, 86_400, true);
  if (retryAfter !== undefined) rule.retryAfterSeconds = retryAfter;
  const hangMs = numberIn(`${where}.hangMs`, raw.hangMs, 0, MAX_DELAY_MS, true);
  if (hangMs !== undefined) rule.hangMs = hangMs;
  if (raw.commitBeforeHang !== undefined) rule.commitBeforeHang = raw.commitBeforeHang;
  return rule;
}

/** Validates untrusted input (e.g. `POST /__emulator/faults`) into a FaultConfig; throws FaultConfigError. */
export function parseFaultConfig(raw: unknown): FaultConfig {
  if (!isRecord(raw)) throw new FaultConfigError("fault config: expected a JSON object");
  checkKeys("fault config", raw, CONFIG_KEYS);
  const config: FaultConfig = {};
  if (raw.rules !== undefined) {
    if (!Array.isArray(raw.rules)) throw new FaultConfigError("rules: expected an array");
    if (raw.rules.length > 100) throw new FaultConfigError("rules: at most 100");
    config.rules = raw.rules.map(parseRule);
  }
  const latencyMs = numberIn("latencyMs", raw.latencyMs, 0, MAX_DELAY_MS, false);
  if (latencyMs !== undefined) config.latencyMs = latencyMs;
  const jitter = numberIn("latencyJitterMs", raw.latencyJitterMs, 0, MAX_DELAY_MS, false);
  if (jitter !== undefined) config.latencyJitterMs = jitter;
  const seed = numberIn("seed", raw.seed, 0, 2 ** 32 - 1, true);
  if (seed !== undefined) config.seed = seed;
  return config;
}

/** Decides, per request, which fault (if any) applies and how much latency to add. */
export class FaultInjector {
  private rules: ActiveFault[] = [];
  private latencyMs = 0;
  private jitterMs = 0;
  private random = new SeededRandom();

  /** Replaces the whole configuration (validated: throws FaultConfigError on bad input). */
  configure(config: FaultConfig): void {
    const valid = parseFaultConfig(config);
    this.rules = (valid.rules ?? []).map((r) => ({
      kind: r.kind,
      target: r.target ?? "any",
      probability: r.probability ?? 1,
      remaining: r.remaining ?? Number.POSITIVE_INFINITY,
      status: r.status ?? 503,
      retryAfterSeconds: r.retryAfterSeconds ?? 1,
      hangMs: r.hangMs ?? 120_000,
      commitBeforeHang: r.commitBeforeHang ?? false,
    }));
    this.latencyMs = valid.latencyMs ?? 0;
    this.jitterMs = valid.latencyJitterMs ?? 0;
    this.random = new SeededRandom(valid.seed);
  }

  clear(): void {
    this.configure({});
  }

  /** The rules still active (a copy), for inspection. */
  activeRules(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Delay to add to a response: latencyMs plus uniform jitter. */
  latency(): number {
    if (this.latencyMs === 0 && this.jitterMs === 0) return 0;
    return this.latencyMs + (this.jitterMs > 0 ? this.random.next() * this.jitterMs : 0);
  }

  /** The first rule matching the request's `target` ("any": a request outside the named targets) that fires (its countdown is spent), or undefined. */
  pick(target: FaultTarget): ActiveFault | undefined {
    for (const rule of this.rules) {
      if (rule.target !== "any" && rule.target !== target) continue;
      if (rule.probability < 1 && !(this.random.next() < rule.probability)) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      return { ...rule };
    }
    return undefined;
  }
}
