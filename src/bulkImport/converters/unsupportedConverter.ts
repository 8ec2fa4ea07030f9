import { notImportable, type HashConverter } from "./HashConverter";

// Formats whose algorithm Auth0's custom_password_hash does not offer: they stay lazy (login or reset).
const REASONS: Record<string, string> = {
  bcrypt_sha256: "bcrypt_sha256 pre-hashes the password (SHA-256) before bcrypt; Auth0 cannot",
  phpass: "phpass not supported by Auth0",
  md5_crypt: "md5-crypt ($1$) not supported by Auth0",
  sha256_crypt: "sha256-crypt ($5$) not supported by Auth0",
  sha512_crypt: "sha512-crypt ($6$) not supported by Auth0",
  crypt: "traditional DES crypt (Django's crypt$) not supported by Auth0",
};

export const unsupportedConverter: HashConverter = {
  formats: Object.keys(REASONS),
  convert(format) {
    return notImportable(REASONS[format] ?? `${format} not supported by Auth0`);
  },
};
