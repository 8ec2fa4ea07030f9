import { createHash } from "node:crypto";
import type { EmulatorUser } from "./EmulatorStore";

/** A user as the Management API returns it (the 201 of POST /api/v2/users, GET /users/:id, ...). */
export function toApiUser(user: EmulatorUser): Record<string, unknown> {
  const hex = user.user_id.slice(user.user_id.indexOf("|") + 1);
  const local = user.email.split("@")[0] ?? user.email;
  const gravatar = createHash("md5").update(user.email).digest("hex");
  const out: Record<string, unknown> = {
    user_id: user.user_id,
    email: user.email,
    email_verified: user.email_verified,
    ...(user.username !== undefined ? { username: user.username } : {}),
    name: user.email,
    nickname: local,
    picture: `https://s.gravatar.com/avatar/${gravatar}?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F${encodeURIComponent(local.slice(0, 2).toLowerCase())}.png`,
    identities: [{ connection: user.connection, user_id: hex, provider: "auth0", isSocial: false }],
    created_at: user.created_at,
    updated_at: user.updated_at,
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
  };
  if (user.blocked) out.blocked = true;
  if (user.last_login !== undefined) out.last_login = user.last_login;
  if (user.last_ip !== undefined) out.last_ip = user.last_ip;
  if (user.logins_count !== undefined) out.logins_count = user.logins_count;
  if (user.last_password_reset !== undefined) out.last_password_reset = user.last_password_reset;
  return out;
}
