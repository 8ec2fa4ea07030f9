import { ConfigError } from "../errors";
import type { LegacyPresetName } from "../config";
import type { WritableHashFormat } from "./hashers/writableHashFormats";

/** Where each field lives in the legacy table. Optional columns may be null (absent). */
export interface LegacyColumns {
  id: string;
  username: string;
  email: string;
  password: string;
  isActive: string | null;
  isStaff: string | null;
  lastLogin: string | null;
}

export interface LegacySchema {
  table: string;
  columns: LegacyColumns;
  /** The format new hashes are written in (password reset, re-hash). */
  hashFormat: WritableHashFormat;
}

const PRESETS: Record<LegacyPresetName, LegacySchema> = {
  default: {
    table: "users",
    columns: {
      id: "id",
      username: "username",
      email: "email",
      password: "password",
      isActive: "is_active",
      isStaff: "is_staff",
      lastLogin: "last_login",
    },
    hashFormat: "bcrypt",
  },
  django: {
    table: "auth_user",
    columns: {
      id: "id",
      username: "username",
      email: "email",
      password: "password",
      isActive: "is_active",
      isStaff: "is_staff",
      lastLogin: "last_login",
    },
    hashFormat: "pbkdf2_sha256",
  },
};

// LEGACY_COLUMNS keys (snake_case, like the preset's own column names) -> fields.
const KEYS: Record<string, keyof LegacyColumns> = {
  id: "id",
  username: "username",
  email: "email",
  password: "password",
  is_active: "isActive",
  is_staff: "isStaff",
  last_login: "lastLogin",
};
const REQUIRED: ReadonlyArray<keyof LegacyColumns> = ["id", "username", "email", "password"];

/** The preset, with LEGACY_TABLE, LEGACY_COLUMNS and LEGACY_HASH_FORMAT laid over it. */
export function resolveLegacySchema(
  preset: LegacyPresetName,
  overrides: { table?: string | undefined; columns?: Record<string, string>; hashFormat?: WritableHashFormat | undefined },
): LegacySchema {
  const base = PRESETS[preset];
  const columns: LegacyColumns = { ...base.columns };
  for (const [key, column] of Object.entries(overrides.columns ?? {})) {
    const field = KEYS[key];
    if (!field) {
      throw new ConfigError(`LEGACY_COLUMNS: unknown field "${key}" (known: ${Object.keys(KEYS).join(", ")})`);
    }
    if (!column && REQUIRED.includes(field)) throw new ConfigError(`LEGACY_COLUMNS: field "${key}" needs a column`);
    (columns as unknown as Record<string, string | null>)[field] = column || null;
  }
  return {
    table: overrides.table ?? base.table,
    columns,
    hashFormat: overrides.hashFormat ?? base.hashFormat,
  };
}
