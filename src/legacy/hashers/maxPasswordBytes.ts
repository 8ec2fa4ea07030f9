/**
 * bcrypt reads only the first 72 bytes of a password: written in a bare bcrypt format, a longer
 * password would be silently cut (its tail never checked by the legacy application).
 * `bcrypt_sha256` pre-hashes, so it has no such limit.
 */
const LIMITS: Readonly<Record<string, number>> = { bcrypt: 72, django_bcrypt: 72 };

/** The longest new password (UTF-8 bytes) the write format keeps whole; null when any length is kept. */
export function maxPasswordBytes(writeAlgorithm: string): number | null {
  return LIMITS[writeAlgorithm] ?? null;
}
