import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SavedUser } from "./EmulatorStore";

/**
 * Keeps the sandbox tenant's users in a JSON file so a restarted sandbox still knows the
 * users it migrated (a link to an Auth0 user that vanished would lock that user out).
 * Writes are coalesced and atomic (write, then rename).
 */
export class EmulatorStateFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => SavedUser[],
  ) {}

  load(): SavedUser[] {
    if (!existsSync(this.file)) return [];
    const parsed = JSON.parse(readFileSync(this.file, "utf8")) as { users?: SavedUser[] };
    return Array.isArray(parsed.users) ? parsed.users : [];
  }

  scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), 50);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, users: this.snapshot() }), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
