import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Outside production, without SESSION_SECRET: a random secret kept in DATA_DIR, so sessions
 * and reset links survive restarts and work across the CLI and the server.
 */
export function persistentDevSecret(dataDir: string): string {
  const file = path.resolve(dataDir, "dev-secret");
  if (existsSync(file)) {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
