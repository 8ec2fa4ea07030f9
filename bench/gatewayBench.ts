import { spawn, type ChildProcess } from "node:child_process";
import { Writable } from "node:stream";
import type { Server } from "node:http";
import bcrypt from "bcryptjs";
import Koa from "koa";
import { buildApp, type App } from "../src/app";
import type { Auth0Emulator } from "../src/auth0/emulator/Auth0Emulator";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { gatewayServerConfig } from "../test/support/nginx/documentedNginxConfig";
import { freePort, startNginx } from "../test/support/nginx/startNginx";
import { createBenchDb, seedUsers } from "./benchDb";
import { postLogin, ROOT, round, startBenchEmulator } from "./support";

/** One autocannon run: requests/s and latency percentiles (ms). */
export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface GatewayBenchResult {
  connections: number;
  seconds: number;
  /** In one process: /auth/verify (cache on, then off) and a bare Koa route. */
  verify: LoadResult;
  verifyCacheOff: LoadResult;
  bareKoa: LoadResult;
  /** Through nginx with docs/integration.md's config, and the same config without auth_request. */
  nginxWithAuth: LoadResult;
  nginxWithoutAuth: LoadResult;
}

const AUTOCANNON = `${ROOT}/node_modules/autocannon/autocannon.js`;
const SECRET = "bench-session-secret-0123456789abcdefghij";

/**
 * The gateway's hot path: `/auth/verify` with a valid session under 64 connections, measured by
 * autocannon in a child process against the service running in this process, beside a bare Koa
 * route in this same process (the framework's ceiling); then an application page through nginx
 * with and without the auth_request check.
 */
export async function gatewayBench(opts: { connections: number; seconds: number }): Promise<GatewayBenchResult> {
  const db = await createBenchDb("gateway");
  const handle = db.open();
  await seedUsers(handle, 1, bcrypt.hashSync("Bench-Password-1", 4));
  const emulator = await startBenchEmulator();
  const nginxPort = await freePort();
  const publicUrl = `http://127.0.0.1:${nginxPort}`;
  const closers: Array<() => Promise<void>> = [async () => emulator.stop(), async () => handle.destroy(), () => db.drop()];
  try {
    const cached = await startService(handle, emulator, publicUrl, 5);
    closers.unshift(() => cached.app.close());
    const uncached = await startService(handle, emulator, publicUrl, 0);
    closers.unshift(() => uncached.app.close());
    const bare = await startBareKoa();
    closers.unshift(() => new Promise<void>((r) => bare.close(() => r())));
    const upstream = await startUpstream();
    closers.unshift(() => stopProcess(upstream.child));

    const cookie = await logIn(cached.port);
    const run = (url: string, withCookie = true): Promise<LoadResult> => autocannon(url, opts, withCookie ? cookie : undefined);

    const bareKoa = await run(`http://127.0.0.1:${(bare.address() as { port: number }).port}/`, false);
    const verify = await run(`http://127.0.0.1:${cached.port}/auth/verify`);
    const verifyCacheOff = await run(`http://127.0.0.1:${uncached.port}/auth/verify`);

    const ports = { listen: nginxPort, service: cached.port, application: upstream.port };
    const withAuth = await startNginx(nginxPort, gatewayServerConfig(ports));
    const nginxWithAuth = await run(`${publicUrl}/app/page`).finally(() => withAuth.stop());
    const withoutAuth = await startNginx(nginxPort, gatewayServerConfig(ports, { withoutAuth: true }));
    const nginxWithoutAuth = await run(`${publicUrl}/app/page`).finally(() => withoutAuth.stop());

    return { connections: opts.connections, seconds: opts.seconds, verify, verifyCacheOff, bareKoa, nginxWithAuth, nginxWithoutAuth };
  } finally {
    for (const close of closers) await close();
  }
}

async function startService(db: ReturnType<Awaited<ReturnType<typeof createBenchDb>>["open"]>, emulator: Auth0Emulator, publicUrl: string, cacheSeconds: number): Promise<{ app: App; port: number }> {
  const config = loadConfig({
    LOG_LEVEL: "warn",
    PUBLIC_URL: publicUrl,
    TRUST_PROXY: "true",
    SESSION_SECRET: SECRET,
    LEGACY_TABLE: "users",
    AUTH_VERIFY_CACHE_SECONDS: String(cacheSeconds),
    AUTH0_MGMT_RATE: "10000",
    AUTH0_MGMT_BURST: "10000",
  });
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const app = await buildApp(config, { db, emulator, logger: createLogger("warn", quiet), seedDemoUsers: false });
  const server = await app.listen(0, "127.0.0.1");
  return { app, port: (server.address() as { port: number }).port };
}

function startBareKoa(): Promise<Server> {
  const koa = new Koa();
  koa.use((ctx) => {
    ctx.status = 200;
    ctx.body = "";
  });
  return new Promise((resolve) => {
    const server = koa.listen(0, "127.0.0.1", () => resolve(server));
  });
}

/** The application behind nginx: plain Node `http` in its own process, answering a short body. */
async function startUpstream(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["-e", `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => s.end("ok")); }).listen(${port}, "127.0.0.1", () => console.log("up"))`], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`bench upstream exited (${code})`)));
  });
  return { child, port };
}

async function logIn(port: number): Promise<string> {
  const res = await postLogin(port, "user1", "Bench-Password-1");
  if (res.status !== 200) throw new Error(`bench login: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** autocannon in a child process, so the load generator does not share the service's event loop. */
async function autocannon(url: string, opts: { connections: number; seconds: number }, cookie: string | undefined): Promise<LoadResult> {
  // One second of warm-up (JIT, connection pools, nginx keepalive) before the measured run.
  const args = [AUTOCANNON, "-c", String(opts.connections), "-d", String(opts.seconds), "-j", "--warmup", "[", "-c", String(opts.connections), "-d", "1", "]"];
  if (cookie) args.push("-H", `cookie=${cookie}`);
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`autocannon exited ${code}: ${err.slice(-2000)}`);
  // With --warmup autocannon prints the warm-up's result first: the measured run is the last line.
  const last = out.trim().split("\n").pop() ?? "";
  const r = JSON.parse(last) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  return { perSecond: round(r.requests.average), p50: round(r.latency.p50, 2), p99: round(r.latency.p99, 2), non2xx: r.non2xx, errors: r.errors };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}
