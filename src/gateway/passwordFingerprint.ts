import { createHmac } from "node:crypto";

/**
 * A short keyed digest of the legacy password hash, kept in the session at login: when the hash
 * changes (a reset, here or in the legacy application) the session no longer matches it. Keyed,
 * so the sessions table never holds anything derived from a hash that could be checked offline.
 */
export type PasswordFingerprint = (passwordHash: string | null) => string;

export function passwordFingerprinter(secret: string): PasswordFingerprint {
  return (passwordHash) => createHmac("sha256", secret).update(`password-hash|${passwordHash ?? ""}`).digest("base64url").slice(0, 22);
}
