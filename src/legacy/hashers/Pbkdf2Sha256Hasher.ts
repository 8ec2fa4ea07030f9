import { DJANGO_PBKDF2_ITERATIONS, DjangoPbkdf2Hasher } from "./DjangoPbkdf2Hasher";

export { DJANGO_PBKDF2_ITERATIONS } from "./DjangoPbkdf2Hasher";

/** Django's default hasher: `pbkdf2_sha256$<iterations>$<salt>$<base64 sha256>`. */
export class Pbkdf2Sha256Hasher extends DjangoPbkdf2Hasher {
  constructor(iterations = DJANGO_PBKDF2_ITERATIONS) {
    super("pbkdf2_sha256", "sha256", iterations);
  }
}
