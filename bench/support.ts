import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { Auth0Emulator } from "../src/auth0/emulator/Auth0Emulator";

export const ROOT = path.resolve(__dirname, "..");
export const BIN = path.join(ROOT, "bin/auth0-migrate.js");

export function setup(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version, ...extra };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  // e.g. BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service.
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Read what the child prints: an unread pipe fills up and then blocks the child's writes.
  const keep = (chunk: Buffer): void => {
    childOutput.set(child, ((childOutput.get(child) ?? "") + chunk.toString("utf8")).slice(-20_000));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return child;
}

const childOutput = new WeakMap<ChildProcess, string>();

/** The last 20 kB the child printed (for error reports). */
export function outputOf(child: ChildProcess): string {
  return childOutput.get(child) ?? "";
}

export async function waitForHealth(port: number, timeoutMs = 60000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no /healthz on ${port} within ${timeoutMs} ms`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
  await exited;
  clearTimeout(timer);
}

export interface BenchLine {
  scenario: string;
  setup: Record<string, unknown>;
  results: Record<string, unknown>;
  goal?: string;
  met?: boolean;
}

/** A started in-process emulator with the service's default connection, as the benches' Auth0. */
export async function startBenchEmulator(): Promise<Auth0Emulator> {
  const emulator = new Auth0Emulator({ clientId: "bench", clientSecret: "bench-secret", connections: [{ name: "Username-Password-Authentication", passwordPolicy: "good" }] });
  await emulator.start();
  return emulator;
}

/** The environment for `serve` on a bench database beside the bench emulator: no rate limits, no throttling. */
export function serveEnv(dbEnv: Record<string, string>, port: number, emulator: Auth0Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...dbEnv,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    NODE_ENV: "development",
    SESSION_SECRET: "bench-session-secret-0123456789abcdefghij",
    AUTH0_DOMAIN: emulator.baseUrl,
    AUTH0_CLIENT_ID: "bench",
    AUTH0_CLIENT_SECRET: "bench-secret",
    AUTH0_MGMT_RATE: "0",
    THROTTLE_ACCOUNT_IP_MAX: "1000000",
    THROTTLE_IP_MAX: "1000000",
    LEGACY_TABLE: "users",
    ...extra,
  };
}

/** POST /api/login on a service at this port; the caller reads (or drains) the body. */
export function postLogin(port: number, identifier: string, password: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier, password }),
  });
}
