import type { ImportedHash } from "../auth0/importedHash";
import type { ImportCandidate } from "./ImportCandidateSource";

/** One user object of an Auth0 users-import file (only schema fields: Auth0 refuses others). */
export type ImportUserRecord = {
  email: string;
  email_verified: boolean;
  user_id: string;
  username?: string;
  app_metadata: { legacy_id: string };
} & ImportedHash;

export interface ImportRecordOptions {
  idPrefix: string;
  emailVerified: boolean;
  requiresUsername: boolean;
}

/** The import record of one legacy user whose hash converted. */
export function toImportUserRecord(user: ImportCandidate, fields: ImportedHash, opts: ImportRecordOptions): ImportUserRecord {
  return {
    // Auth0 stores database-connection emails lower-cased; sending them so keeps conflicts predictable.
    email: user.email.toLowerCase(),
    email_verified: opts.emailVerified,
    // Never `auth0|...`: Auth0 adds the strategy itself.
    user_id: `${opts.idPrefix}${user.id}`,
    ...(opts.requiresUsername ? { username: user.username } : {}),
    app_metadata: { legacy_id: user.id },
    ...fields,
  };
}
