import type { ImportedHash } from "../../auth0/importedHash";

/** What a legacy hash becomes in an Auth0 import file, or why it cannot go. */
export type Conversion = { importable: true; fields: ImportedHash } | { importable: false; reason: string };

/** One legacy format family's converter (the formats named as the hashers' `algorithm`). */
export interface HashConverter {
  /** Hasher algorithm names this converter handles. */
  readonly formats: readonly string[];
  convert(format: string, encoded: string): Conversion;
}

export function notImportable(reason: string): Conversion {
  return { importable: false, reason };
}

/** Standard base64 without `=` padding: the PHC string encoding Auth0's pbkdf2 reads. */
export function unpaddedBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}
