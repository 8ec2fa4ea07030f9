import { createHash } from "node:crypto";

/** sha256 of the legacy hash sent: tells later whether the legacy hash changed since the import. */
export function hashFingerprint(legacyHash: string): string {
  return createHash("sha256").update(legacyHash, "utf8").digest("hex");
}
