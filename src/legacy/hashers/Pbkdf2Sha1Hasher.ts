import { DJANGO_PBKDF2_ITERATIONS, DjangoPbkdf2Hasher } from "./DjangoPbkdf2Hasher";

/** Django's PBKDF2SHA1PasswordHasher: `pbkdf2_sha1$<iterations>$<salt>$<base64 sha1>`. */
export class Pbkdf2Sha1Hasher extends DjangoPbkdf2Hasher {
  constructor(iterations = DJANGO_PBKDF2_ITERATIONS) {
    super("pbkdf2_sha1", "sha1", iterations);
  }
}
