import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { nginxMainConfig } from "./documentedNginxConfig";

/** Debian's nginx, as `npm test` and .ci/run install it (scripts/ensure-nginx.sh). */
export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

export interface RunningNginx {
  port: number;
  url: string;
  /** What nginx wrote to its error log so far (for failure messages). */
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground on 127.0.0.1:`port` with `httpBlock` inside `http { }`, its
 * prefix, config, pid, logs and temp files in a fresh temp dir. A missing nginx throws: the
 * gateway tests fail without it, they do not skip.
 */
export async function startNginx(port: number, httpBlock: string): Promise<RunningNginx> {
  if (!existsSync(NGINX)) {
    throw new Error(`${NGINX} is missing: install it with "apt-get install -y nginx" (scripts/ensure-nginx.sh does; or set NGINX_PATH)`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "auth0-migrate-nginx-"));
  // Run as root, nginx's workers drop to `nobody`: they must reach the temp dirs in here.
  chmodSync(dir, 0o755);
  const confFile = path.join(dir, "nginx.conf");
  writeFileSync(confFile, nginxMainConfig(dir, httpBlock));
  const errorLog = (): string => (existsSync(path.join(dir, "error.log")) ? readFileSync(path.join(dir, "error.log"), "utf8") : "");

  const child = spawn(NGINX, ["-p", `${dir}/`, "-c", confFile, "-e", path.join(dir, "error.log")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("error", (err) => (output += String(err)));

  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    await waitForPort(port, () => child.exitCode !== null || child.signalCode !== null);
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    const log = errorLog();
    cleanup();
    throw new Error(`nginx did not start on ${port}: ${(err as Error).message}\n${output}\n${log}`);
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    errorLog,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGQUIT: graceful stop; SIGKILL if it hangs (bounded).
        child.kill("SIGQUIT");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
}

/**
 * A port free on 127.0.0.1 right now, for nginx to bind a moment later. Taken below Linux's
 * ephemeral range (32768+), so servers started meanwhile on port 0 cannot be handed the same one.
 */
export async function freePort(attempts = 50): Promise<number> {
  for (let i = 0; i < attempts; i += 1) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await canBind(port)) return port;
  }
  throw new Error(`no free port between 20000 and 32000 after ${attempts} attempts`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function waitForPort(port: number, gone: () => boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (gone()) throw new Error("nginx exited");
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening after ${attempts} attempts`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
