import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, ROOT, round, waitForHealth } from "./support";

/** `npx auth0-migrate serve` on a fresh data folder, to the first 200 from /healthz. */
export async function coldStart() {
  const dir = mkdtempSync(path.join(tmpdir(), "a0m-cold-"));
  const port = await freePort();
  const started = performance.now();
  const child = spawn("npx", ["auth0-migrate", "serve"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATA_DIR: dir, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true,
  });
  try {
    await waitForHealth(port, 120000);
    return { seconds: round((performance.now() - started) / 1000, 2) };
  } finally {
    // npx does not pass signals on: stop the whole process group.
    try {
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(dir, { recursive: true, force: true });
  }
}
