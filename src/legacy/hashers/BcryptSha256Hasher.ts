import { createHash } from "node:crypto";
import { PrefixedBcryptHasher } from "./PrefixedBcryptHasher";

// Django feeds bcrypt the hex SHA-256 of the password (64 bytes), so long passwords are not
// truncated at 72 bytes.
function prehash(password: string): string {
  return createHash("sha256").update(password, "utf8").digest("hex");
}

/** Django's BCryptSHA256PasswordHasher: `bcrypt_sha256$$2b$<cost>$...`. */
export class BcryptSha256Hasher extends PrefixedBcryptHasher {
  constructor(cost = 10) {
    super("bcrypt_sha256", "bcrypt_sha256$", cost, prehash);
  }
}
