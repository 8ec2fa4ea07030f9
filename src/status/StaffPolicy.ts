import type { LegacyUser } from "../legacy/LegacyUser";

/**
 * Who may see the admin views: a user the legacy table marks staff (where the schema has an
 * is_staff column), or one named in ADMIN_USERS by username (exact) or email (any case).
 */
export class StaffPolicy {
  private readonly usernames: ReadonlySet<string>;
  private readonly emails: ReadonlySet<string>;

  constructor(
    adminUsers: readonly string[],
    private readonly hasStaffColumn: boolean,
  ) {
    this.usernames = new Set(adminUsers);
    this.emails = new Set(adminUsers.filter((a) => a.includes("@")).map((a) => a.toLowerCase()));
  }

  isStaff(user: LegacyUser): boolean {
    if (!user.isActive) return false;
    if (this.hasStaffColumn && user.isStaff) return true;
    if (this.usernames.has(user.username)) return true;
    return user.email !== null && this.emails.has(user.email.toLowerCase());
  }
}
