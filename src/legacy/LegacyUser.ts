export interface LegacyUser {
  /** Always a string: integer and uuid/text ids are handled alike. */
  id: string;
  username: string;
  email: string | null;
  passwordHash: string | null;
  isActive: boolean;
  isStaff: boolean;
  lastLogin: Date | null;
}

export type LegacyLookup =
  | { kind: "found"; user: LegacyUser }
  | { kind: "none" }
  /** Several users share this email: it identifies nobody. */
  | { kind: "ambiguous" };
