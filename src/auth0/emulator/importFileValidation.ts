import { AUTH0_BCRYPT_PATTERN, type Auth0HashAlgorithm, type ImportedHash } from "../importedHash";
import type { ImportUpsert } from "./EmulatorStore";

/** One per-user error of an import job, as `GET /jobs/:id/errors` lists them. */
export interface ImportUserError {
  code: string;
  message: string;
  path: string;
}

// The users-import schema's fields (additionalProperties: false).
const FIELDS = new Set([
  "email",
  "email_verified",
  "user_id",
  "username",
  "given_name",
  "family_name",
  "name",
  "nickname",
  "picture",
  "blocked",
  "password_hash",
  "custom_password_hash",
  "app_metadata",
  "user_metadata",
  "mfa_factors",
]);

const FORBIDDEN_APP_METADATA_KEYS = new Set([
  "__tenant",
  "_id",
  "blocked",
  "clientID",
  "created_at",
  "email_verified",
  "email",
  "globalClientID",
  "global_client_id",
  "identities",
  "lastIP",
  "lastLogin",
  "loginsCount",
  "metadata",
  "multifactor_last_modified",
  "multifactor",
  "updated_at",
  "user_id",
]);

const ALGORITHMS = new Set<Auth0HashAlgorithm>(["argon2", "bcrypt", "hmac", "ldap", "md4", "md5", "sha1", "sha256", "sha512", "pbkdf2", "scrypt"]);

/** A user that passed the schema, ready to insert. */
export interface ValidImportUser {
  email: string;
  email_verified: boolean;
  user_id?: string;
  username?: string;
  blocked: boolean;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  imported?: ImportedHash;
  /** What `upsert=true` would change on an existing user: only the upsertable fields the file gave. */
  upsert: ImportUpsert;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * scrypt's `keylen` in bytes. Neither the notes nor Auth0's schema give a bound (only "required"), so
 * the emulator takes 16..128: shorter keys are too weak to be a real password hash, longer ones only
 * cost the verifier work (Django writes 64).
 */
export const SCRYPT_KEYLEN_MIN = 16;
export const SCRYPT_KEYLEN_MAX = 128;

function scryptKeylenErrors(keylen: unknown, path: string): ImportUserError[] {
  if (keylen === undefined) return [{ code: "OBJECT_MISSING_REQUIRED_PROPERTY", message: "Missing required property: keylen", path: "custom_password_hash" }];
  if (typeof keylen !== "number" || !Number.isInteger(keylen)) return [{ code: "INVALID_TYPE", message: "Expected type integer", path }];
  if (keylen < SCRYPT_KEYLEN_MIN) return [{ code: "MINIMUM", message: `Value ${keylen} is less than minimum ${SCRYPT_KEYLEN_MIN}`, path }];
  if (keylen > SCRYPT_KEYLEN_MAX) return [{ code: "MAXIMUM", message: `Value ${keylen} is greater than maximum ${SCRYPT_KEYLEN_MAX}`, path }];
  return [];
}

function customHashErrors(v: unknown): ImportUserError[] {
  const path = "custom_password_hash";
  if (!isObject(v)) return [{ code: "INVALID_TYPE", message: "Expected type object", path }];
  if (typeof v.algorithm !== "string" || !ALGORITHMS.has(v.algorithm as Auth0HashAlgorithm)) {
    return [{ code: "ENUM_MISMATCH", message: `No enum match for: ${JSON.stringify(v.algorithm)}`, path: `${path}.algorithm` }];
  }
  if (!isObject(v.hash) || typeof v.hash.value !== "string") {
    return [{ code: "OBJECT_MISSING_REQUIRED_PROPERTY", message: "Missing required property: value", path: `${path}.hash` }];
  }
  if (v.algorithm === "scrypt") return scryptKeylenErrors(v.keylen, `${path}.keylen`);
  return [];
}

/**
 * Checks one user of an import file against Auth0's schema: unknown fields, the email,
 * `password_hash` XOR `custom_password_hash`, bcrypt-10's pattern, forbidden app_metadata keys.
 */
export function validateImportUser(raw: unknown): { ok: true; user: ValidImportUser } | { ok: false; errors: ImportUserError[] } {
  if (!isObject(raw)) return { ok: false, errors: [{ code: "INVALID_TYPE", message: "Expected type object", path: "" }] };
  const errors: ImportUserError[] = [];
  for (const key of Object.keys(raw)) {
    if (!FIELDS.has(key)) errors.push({ code: "OBJECT_ADDITIONAL_PROPERTIES", message: `Additional properties not allowed: ${key}`, path: key });
  }
  if (typeof raw.email !== "string") errors.push({ code: "OBJECT_MISSING_REQUIRED_PROPERTY", message: "Missing required property: email", path: "email" });
  else if (!/^[^\s@]+@[^\s@]+$/.test(raw.email)) errors.push({ code: "FORMAT", message: "Object didn't pass validation for format email", path: "email" });
  for (const key of ["user_id", "username"] as const) {
    if (raw[key] !== undefined && (typeof raw[key] !== "string" || raw[key] === "")) errors.push({ code: "INVALID_TYPE", message: "Expected type string", path: key });
  }
  if (raw.password_hash !== undefined && raw.custom_password_hash !== undefined) {
    errors.push({ code: "CONFLICT", message: "password_hash and custom_password_hash are mutually exclusive", path: "custom_password_hash" });
  }
  if (raw.password_hash !== undefined && (typeof raw.password_hash !== "string" || !AUTH0_BCRYPT_PATTERN.test(raw.password_hash))) {
    errors.push({ code: "PATTERN", message: `String does not match pattern ${AUTH0_BCRYPT_PATTERN.source}`, path: "password_hash" });
  }
  if (raw.custom_password_hash !== undefined) errors.push(...customHashErrors(raw.custom_password_hash));
  for (const key of ["app_metadata", "user_metadata"] as const) {
    if (raw[key] !== undefined && !isObject(raw[key])) errors.push({ code: "INVALID_TYPE", message: "Expected type object", path: key });
  }
  if (isObject(raw.app_metadata)) {
    for (const key of Object.keys(raw.app_metadata)) {
      if (FORBIDDEN_APP_METADATA_KEYS.has(key)) errors.push({ code: "INVALID_FORMAT", message: `app_metadata must not use the key ${key}`, path: `app_metadata.${key}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const imported: ImportedHash | undefined =
    typeof raw.password_hash === "string"
      ? { password_hash: raw.password_hash }
      : raw.custom_password_hash !== undefined
        ? { custom_password_hash: raw.custom_password_hash as never }
        : undefined;
  return {
    ok: true,
    user: {
      email: (raw.email as string).toLowerCase(),
      email_verified: raw.email_verified === true,
      ...(typeof raw.user_id === "string" ? { user_id: raw.user_id } : {}),
      ...(typeof raw.username === "string" ? { username: raw.username } : {}),
      blocked: raw.blocked === true,
      app_metadata: isObject(raw.app_metadata) ? raw.app_metadata : {},
      user_metadata: isObject(raw.user_metadata) ? raw.user_metadata : {},
      ...(imported ? { imported } : {}),
      upsert: {
        ...(typeof raw.email_verified === "boolean" ? { email_verified: raw.email_verified } : {}),
        ...(isObject(raw.app_metadata) ? { app_metadata: raw.app_metadata } : {}),
        ...(isObject(raw.user_metadata) ? { user_metadata: raw.user_metadata } : {}),
      },
    },
  };
}

/** The user as the errors endpoint shows it: hashes masked. */
export function maskedUser(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const out: Record<string, unknown> = { ...raw };
  if ("password_hash" in out) out.password_hash = "*****";
  if ("custom_password_hash" in out) out.custom_password_hash = "*****";
  return out;
}
