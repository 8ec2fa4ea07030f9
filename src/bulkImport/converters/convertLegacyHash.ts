import { isUsablePassword } from "../../legacy/hashers/HasherRegistry";
import type { HasherRegistry } from "../../legacy/hashers/HasherRegistry";
import { argon2Converter } from "./argon2Converter";
import { bcryptConverter } from "./bcryptConverter";
import { digestConverter } from "./digestConverter";
import { notImportable, type Conversion, type HashConverter } from "./HashConverter";
import { pbkdf2Converter } from "./pbkdf2Converter";
import { scryptConverter } from "./scryptConverter";
import { unsupportedConverter } from "./unsupportedConverter";

export const CONVERTERS: readonly HashConverter[] = [bcryptConverter, pbkdf2Converter, argon2Converter, digestConverter, scryptConverter, unsupportedConverter];

export interface FormatConversion {
  /** The hasher's algorithm name, `unusable` or `unknown`. */
  format: string;
  conversion: Conversion;
}

/** Identifies a stored legacy hash (the login's own identification) and converts it for Auth0. */
export function convertLegacyHash(registry: Pick<HasherRegistry, "identify">, encoded: string | null | undefined): FormatConversion {
  if (!isUsablePassword(encoded)) return { format: "unusable", conversion: notImportable("no usable password") };
  const format = registry.identify(encoded)?.algorithm;
  if (!format) return { format: "unknown", conversion: notImportable("unrecognised hash format") };
  const converter = CONVERTERS.find((c) => c.formats.includes(format));
  if (!converter) return { format, conversion: notImportable(`no converter for ${format}`) };
  return { format, conversion: converter.convert(format, encoded) };
}
