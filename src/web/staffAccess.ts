import type { Context } from "koa";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { StaffPolicy } from "../status/StaffPolicy";
import { sessionUser } from "./sessionUser";

export type StaffAccess = { kind: "anonymous" } | { kind: "forbidden"; user: LegacyUser } | { kind: "staff"; user: LegacyUser };

/**
 * Whether the session's user may use the admin views. Read from the legacy table on every
 * request, so a user who loses is_staff (or is deactivated) loses access at once. Pages and
 * the API answer "anonymous" differently (303 to login, 401), hence a result, not a throw.
 */
export async function staffAccess(ctx: Context, users: LegacyUserStore, policy: StaffPolicy): Promise<StaffAccess> {
  const user = await sessionUser(ctx, users);
  if (!user) return { kind: "anonymous" };
  return (await policy.isStaff(user)) ? { kind: "staff", user } : { kind: "forbidden", user };
}
