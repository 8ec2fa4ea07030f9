import type { LegacyUser } from "../legacy/LegacyUser";

/** Who alone holds an address, compared in the database the way the login's lookup compares. */
export interface EmailHolders {
  soleHoldersOfEmails(emails: readonly string[]): Promise<Set<string>>;
}

const ID_PREFIX = "id:";

/**
 * Who may see the admin views: a user the legacy table marks staff (where the schema has an
 * is_staff column), or one named in ADMIN_USERS by exact username, by `id:<legacy id>`, or by
 * email. An email names a user only when no other user holds it (compared by PostgreSQL, not
 * by JavaScript's case folding): anyone can give themselves an admin's address.
 */
export class StaffPolicy {
  private readonly usernames: ReadonlySet<string>;
  private readonly ids: ReadonlySet<string>;
  private readonly emails: readonly string[];

  constructor(
    adminUsers: readonly string[],
    private readonly hasStaffColumn: boolean,
    private readonly holders: EmailHolders,
  ) {
    // An entry with `@` is an email, never a username: a user could otherwise pick an admin's address as their username.
    this.usernames = new Set(adminUsers.filter((a) => !a.startsWith(ID_PREFIX) && !a.includes("@")));
    this.ids = new Set(adminUsers.filter((a) => a.startsWith(ID_PREFIX)).map((a) => a.slice(ID_PREFIX.length)));
    this.emails = adminUsers.filter((a) => a.includes("@"));
  }

  async isStaff(user: LegacyUser): Promise<boolean> {
    if (!user.isActive) return false;
    if (this.hasStaffColumn && user.isStaff) return true;
    if (this.usernames.has(user.username) || this.ids.has(user.id)) return true;
    if (user.email === null || this.emails.length === 0) return false;
    return (await this.holders.soleHoldersOfEmails(this.emails)).has(user.id);
  }
}
