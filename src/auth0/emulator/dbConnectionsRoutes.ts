import { oauthError } from "./auth0ErrorBodies";
import { safeEqual } from "./clientAuth";
import type { EmulatorStore } from "./EmulatorStore";
import type { ParsedBody } from "./httpIo";
import type { Reply } from "./Reply";

export interface PasswordChangeRequest {
  email: string;
  connection: string;
  /** user_id when an account matched (Auth0 answers the same either way). */
  userId?: string;
  at: number;
}

/** POST /dbconnections/change_password (`auth.database.changePassword`): Auth0 would email a reset link. */
export function handleChangePassword(
  store: EmulatorStore,
  clientId: string,
  body: ParsedBody,
  record: (request: PasswordChangeRequest) => void,
): Reply {
  if (!body.ok) return oauthError(400, "invalid_request", body.reason);
  const { client_id: cid, email, connection } = body.value;
  if (typeof cid !== "string" || !safeEqual(cid, clientId)) return oauthError(401, "access_denied", "Unauthorized");
  if (typeof email !== "string" || email === "") return oauthError(400, "invalid_request", "Missing required parameter: email");
  if (typeof connection !== "string" || connection === "") return oauthError(400, "invalid_request", "Missing required parameter: connection");
  if (!store.getConnection(connection)) return oauthError(400, "invalid_request", "connection not found");
  const user = store.findByLogin(connection, email);
  record({ email: email.toLowerCase(), connection, ...(user ? { userId: user.user_id } : {}), at: Date.now() });
  return { status: 200, text: "We've just sent you an email to reset your password." };
}
