import type { HasherRegistry } from "../legacy/hashers/HasherRegistry";
import { SHARED_EMAIL_REASON, usableEmail } from "../migration/Auth0Migrator";
import { convertLegacyHash } from "./converters/convertLegacyHash";
import type { ImportCandidate } from "./ImportCandidateSource";
import { toImportUserRecord, type ImportRecordOptions, type ImportUserRecord } from "./ImportUserRecord";

/** Why a user whose hash converts is still not sent: the login would not create them either. */
export const NO_USABLE_EMAIL = "no usable email address";

export type PreparedImport =
  | { format: string; importable: true; record: ImportUserRecord }
  | { format: string; importable: false; reason: string };

/**
 * The one decision of what a candidate becomes in an import file, for new files and files sent
 * again alike: its hash converted, and its address one the login would create an Auth0 user
 * with (usable, and held by no other legacy user: a shared address identifies nobody, and the
 * Auth0 account made with it could be reset by the other holder).
 */
export function prepareImport(registry: Pick<HasherRegistry, "identify">, user: ImportCandidate, opts: ImportRecordOptions): PreparedImport {
  const { format, conversion } = convertLegacyHash(registry, user.password);
  if (!conversion.importable) return { format, importable: false, reason: conversion.reason };
  if (usableEmail(user.email) === null) return { format, importable: false, reason: NO_USABLE_EMAIL };
  if (user.emailShared) return { format, importable: false, reason: SHARED_EMAIL_REASON };
  return { format, importable: true, record: toImportUserRecord(user, conversion.fields, opts) };
}
