import { STATUS_CODES } from "node:http";
import { json, type Reply } from "./Reply";

/** Management API error: `{statusCode, error, message, errorCode?}`. */
export function managementError(statusCode: number, message: string, errorCode?: string, headers?: Record<string, string>): Reply {
  const body: Record<string, unknown> = { statusCode, error: STATUS_CODES[statusCode] ?? "Error", message };
  if (errorCode !== undefined) body.errorCode = errorCode;
  return json(statusCode, body, headers);
}

/** Authentication API (OAuth) error: `{error, error_description}`. */
export function oauthError(status: number, error: string, description: string, headers?: Record<string, string>): Reply {
  return json(status, { error, error_description: description }, headers);
}

export const USER_EXISTS = (): Reply => managementError(409, "The user already exists.", "auth0_idp_error");
export const USER_NOT_FOUND = (): Reply => managementError(404, "The user does not exist.", "inexistent_user");
export const CONNECTION_NOT_FOUND = (): Reply => managementError(400, "The connection does not exist.", "inexistent_connection");
export const PASSWORD_TOO_WEAK = (): Reply => managementError(400, "PasswordStrengthError: Password is too weak");
export const INVALID_TOKEN = (): Reply => managementError(401, "Invalid token");
export const GLOBAL_RATE_LIMIT = (headers: Record<string, string>): Reply =>
  managementError(429, "Global limit has been reached", "too_many_requests", headers);

export function payloadError(detail: string): Reply {
  return managementError(400, `Payload validation error: '${detail}'.`, "invalid_body");
}

export function queryError(detail: string): Reply {
  return managementError(400, `Query validation error: '${detail}'.`, "invalid_query_string");
}

/** An error_5xx fault, shaped for the endpoint it hits. */
export function serverError(status: number, oauth: boolean): Reply {
  const text = STATUS_CODES[status] ?? "Server Error";
  if (oauth) return oauthError(status, status === 503 ? "temporarily_unavailable" : "server_error", text);
  return managementError(status, `${text} (emulated fault)`);
}
