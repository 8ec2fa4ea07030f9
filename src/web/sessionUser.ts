import type { Context } from "koa";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";

/** The logged-in legacy user, or null (a deactivated or deleted user is logged out). */
export async function sessionUser(ctx: Context, users: LegacyUserStore): Promise<LegacyUser | null> {
  const uid = ctx.session?.uid;
  if (typeof uid !== "string") return null;
  const user = await users.findById(uid);
  if (!user || !user.isActive) {
    ctx.session = null;
    return null;
  }
  return user;
}

/**
 * Starts a fresh session for the user: new id and new CSRF token (no session fixation).
 * `passwordFingerprint` binds it to the password of the login: /auth/verify ends it once the
 * legacy hash changes.
 */
export async function startSession(ctx: Context, userId: string, csrfToken: string, passwordFingerprint?: string): Promise<void> {
  const session = ctx.session;
  if (!session) throw new Error("session middleware missing");
  for (const key of Object.keys(session)) {
    if (!key.startsWith("_")) delete (session as unknown as Record<string, unknown>)[key];
  }
  session.uid = userId;
  session.csrf = csrfToken;
  session.at = Date.now();
  if (passwordFingerprint !== undefined) session.pw = passwordFingerprint;
  await session.regenerate();
}
