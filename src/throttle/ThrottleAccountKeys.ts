import type { LegacyLookup } from "../legacy/LegacyUser";
import { MAX_IDENTIFIER_LENGTH } from "../migration/MigrateToAuth0Backend";
import { LoginThrottle } from "./LoginThrottle";

/** The login's own lookup of an identifier (username exact, else email by PostgreSQL's lower()). */
export interface IdentifierLookup {
  findByIdentifier(identifier: string): Promise<LegacyLookup>;
}

/**
 * The throttle's account key: the legacy user the login would find, so every spelling of one
 * account (username, email in any case, `İ` that PostgreSQL lowers to `i`) shares one counter.
 * An identifier that finds nobody keys by itself. Every login does this one lookup, known
 * user or not, so the key costs the same work whoever asks; the login reuses it.
 */
export class ThrottleAccountKeys {
  constructor(private readonly users: IdentifierLookup) {}

  async keyFor(identifier: string): Promise<{ key: string; lookup?: LegacyLookup }> {
    const trimmed = identifier.trim();
    // The login refuses these before any lookup; they key by themselves.
    if (!trimmed || trimmed.length > MAX_IDENTIFIER_LENGTH) return { key: `identifier:${LoginThrottle.accountKey(identifier)}` };
    const lookup = await this.users.findByIdentifier(trimmed);
    const key = lookup.kind === "found" ? `user:${lookup.user.id}` : `identifier:${LoginThrottle.accountKey(identifier)}`;
    return { key, lookup };
  }
}
