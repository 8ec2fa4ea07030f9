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

/** How a session began: the password form (or API), or Auth0's Universal Login. */
export type LoginMethod = "password" | "auth0";

/** The login method recorded in the session (sessions from before it was recorded count as password). */
export function loginMethodOf(ctx: Context): LoginMethod {
  return ctx.session?.via === "auth0" ? "auth0" : "password";
}

/**
 * Starts a fresh session for the user: new id and new CSRF token (no session fixation).
 * `passwordFingerprint` binds it to the user's password at the login: /auth/verify ends it once the
 * legacy hash changes. `via` records how the login happened (ADMIN_LOGIN=auth0 reads it).
 */
export async function startSession(ctx: Context, userId: string, csrfToken: string, passwordFingerprint?: string, via: LoginMethod = "password"): Promise<void> {
  const session = ctx.session;
  if (!session) throw new Error("session middleware missing");
  for (const key of Object.keys(session)) {
    if (!key.startsWith("_")) delete (session as unknown as Record<string, unknown>)[key];
  }
  session.uid = userId;
  session.csrf = csrfToken;
  session.at = Date.now();
  if (passwordFingerprint !== undefined) session.pw = passwordFingerprint;
  session.via = via;
  await session.regenerate();
}
