import type { Config } from "../config";
import { resolveLegacySchema, type LegacySchema } from "./legacyPresets";

/** The legacy table's schema as the config describes it (preset, then the LEGACY_* overrides). */
export function legacySchemaOf(config: Pick<Config, "legacy">): LegacySchema {
  return resolveLegacySchema(config.legacy.preset, {
    table: config.legacy.table,
    columns: config.legacy.columns,
    hashFormat: config.legacy.hashFormat,
  });
}
