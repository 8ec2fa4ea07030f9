import { CONNECTION_NOT_FOUND, managementError, PASSWORD_TOO_WEAK, payloadError } from "./auth0ErrorBodies";
import type { EmulatorConnection, NewUser, UserPatch } from "./EmulatorStore";
import { checkPasswordPolicy } from "./passwordPolicy";
import type { Reply } from "./Reply";

/** Validation of POST /api/v2/users and PATCH /api/v2/users/:id bodies, with Auth0's rules and messages. */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

const CREATE_KEYS = new Set([
  "connection", "email", "password", "username", "email_verified", "verify_email", "blocked", "app_metadata",
  "user_metadata", "given_name", "family_name", "name", "nickname", "picture", "user_id", "phone_number", "phone_verified",
]);
const UPDATE_KEYS = new Set([
  "connection", "email", "password", "username", "email_verified", "verify_email", "blocked", "app_metadata",
  "user_metadata", "given_name", "family_name", "name", "nickname", "picture", "phone_number", "phone_verified",
  "verify_phone_number", "verify_password", "client_id",
]);

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const USERNAME_CHARS = /^[A-Za-z0-9_+\-.!#$'^`~@]+$/;
export const USERNAME_MAX = 15;

export function isEmailShaped(value: string): boolean {
  return EMAIL_SHAPE.test(value) && value.length <= 254;
}

/** Why `username` is not acceptable for a "Requires Username" connection, or undefined when it is. */
export function usernameProblem(username: string): string | undefined {
  if (username.length < 1) return "String is too short (0 chars), minimum 1 on property username";
  if (username.length > USERNAME_MAX) return `String is too long (${username.length} chars), maximum ${USERNAME_MAX} on property username`;
  if (isEmailShaped(username)) return "Username cannot be an email on property username";
  if (!USERNAME_CHARS.test(username)) return "Object didn't pass validation for format username on property username";
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail<T>(reply: Reply): Parsed<T> {
  return { ok: false, reply };
}

function extraKeys(body: Record<string, unknown>, allowed: Set<string>): Reply | undefined {
  const extra = Object.keys(body).filter((k) => !allowed.has(k));
  return extra.length > 0 ? payloadError(`Additional properties not allowed: ${extra.join(",")}`) : undefined;
}

function typeProblems(body: Record<string, unknown>): Reply | undefined {
  for (const key of ["connection", "email", "password", "username"]) {
    if (body[key] !== undefined && typeof body[key] !== "string") return payloadError(`Expected type string but found type ${typeName(body[key])} on property ${key}`);
  }
  for (const key of ["email_verified", "verify_email", "blocked"]) {
    if (body[key] !== undefined && typeof body[key] !== "boolean") return payloadError(`Expected type boolean but found type ${typeName(body[key])} on property ${key}`);
  }
  for (const key of ["app_metadata", "user_metadata"]) {
    if (body[key] !== undefined && body[key] !== null && !isRecord(body[key])) return payloadError(`Expected type object but found type ${typeName(body[key])} on property ${key}`);
  }
  if (typeof body.email === "string" && !isEmailShaped(body.email)) return payloadError(`Object didn't pass validation for format email: ${body.email}`);
  return undefined;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function usernameReply(connection: EmulatorConnection, username: string | undefined, required: boolean): Reply | undefined {
  if (username !== undefined && !connection.requiresUsername) {
    return managementError(400, "Cannot set username for connection without requires_username", "operation_not_supported");
  }
  if (required && connection.requiresUsername && username === undefined) return payloadError("Missing required property: username");
  if (username !== undefined) {
    const problem = usernameProblem(username);
    if (problem) return payloadError(problem);
  }
  return undefined;
}

export function parseCreateUser(body: Record<string, unknown>, findConnection: (name: string) => EmulatorConnection | undefined): Parsed<NewUser> {
  const shape = extraKeys(body, CREATE_KEYS) ?? typeProblems(body);
  if (shape) return fail(shape);
  for (const key of ["connection", "email", "password"]) {
    if (body[key] === undefined) return fail(payloadError(`Missing required property: ${key}`));
  }
  const connection = findConnection(body.connection as string);
  if (!connection) return fail(CONNECTION_NOT_FOUND());
  const username = body.username as string | undefined;
  const usernameIssue = usernameReply(connection, username, true);
  if (usernameIssue) return fail(usernameIssue);
  const password = body.password as string;
  if (!checkPasswordPolicy(connection.passwordPolicy, password)) return fail(PASSWORD_TOO_WEAK());
  const user: NewUser = { connection: connection.name, email: body.email as string, password };
  if (username !== undefined) user.username = username;
  if (body.email_verified !== undefined) user.email_verified = body.email_verified as boolean;
  if (body.blocked !== undefined) user.blocked = body.blocked as boolean;
  if (isRecord(body.app_metadata)) user.app_metadata = body.app_metadata;
  if (isRecord(body.user_metadata)) user.user_metadata = body.user_metadata;
  return { ok: true, value: user };
}

export function parseUpdateUser(
  body: Record<string, unknown>,
  userConnection: EmulatorConnection,
  findConnection: (name: string) => EmulatorConnection | undefined,
): Parsed<UserPatch> {
  const shape = extraKeys(body, UPDATE_KEYS) ?? typeProblems(body);
  if (shape) return fail(shape);
  if (body.connection !== undefined && !findConnection(body.connection as string)) return fail(CONNECTION_NOT_FOUND());
  const username = body.username as string | undefined;
  const usernameIssue = usernameReply(userConnection, username, false);
  if (usernameIssue) return fail(usernameIssue);
  const patch: UserPatch = {};
  if (body.password !== undefined) {
    const password = body.password as string;
    if (!checkPasswordPolicy(userConnection.passwordPolicy, password)) return fail(PASSWORD_TOO_WEAK());
    patch.password = password;
  }
  if (username !== undefined) patch.username = username;
  if (body.email !== undefined) patch.email = body.email as string;
  if (body.email_verified !== undefined) patch.email_verified = body.email_verified as boolean;
  if (body.blocked !== undefined) patch.blocked = body.blocked as boolean;
  if (isRecord(body.app_metadata)) patch.app_metadata = body.app_metadata;
  if (isRecord(body.user_metadata)) patch.user_metadata = body.user_metadata;
  return { ok: true, value: patch };
}
