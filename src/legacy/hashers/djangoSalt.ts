import { randomInt } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Django's salt: 22 letters and digits (about 128 bits), never a `$`. */
export function djangoSalt(length = 22): string {
  let salt = "";
  for (let i = 0; i < length; i++) salt += ALPHABET[randomInt(ALPHABET.length)];
  return salt;
}
