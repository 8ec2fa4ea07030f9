import { createHash, randomBytes } from "node:crypto";
import type { EmulatorUser } from "./EmulatorStore";
import type { ApiOptions } from "./OidcClients";
import type { SigningKeys } from "./SigningKeys";

export const ID_TOKEN_SECONDS = 36_000;
export const API_TOKEN_SECONDS = 86_400;

/** RFC 7636 S256: BASE64URL(SHA256(verifier)) === challenge; the verifier must be 43-128 unreserved characters. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return createHash("sha256").update(verifier, "ascii").digest("base64url") === challenge;
}

export function issuerOf(baseUrl: string): string {
  return `${baseUrl}/`;
}

export interface IdTokenInput {
  baseUrl: string;
  clientId: string;
  user: EmulatorUser;
  nonce: string | undefined;
  authTime: number;
  amr: string[];
  nowMs: number;
}

/** An RS256 ID token as Auth0 issues it for a database user. */
export function signIdToken(keys: SigningKeys, input: IdTokenInput): string {
  const iat = Math.floor(input.nowMs / 1000);
  const claims: Record<string, unknown> = {
    iss: issuerOf(input.baseUrl),
    aud: input.clientId,
    sub: input.user.user_id,
    iat,
    exp: iat + ID_TOKEN_SECONDS,
    auth_time: Math.floor(input.authTime / 1000),
    email: input.user.email,
    email_verified: input.user.email_verified,
    name: input.user.email,
    sid: randomBytes(12).toString("base64url"),
  };
  if (input.user.username !== undefined) claims.nickname = input.user.username;
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  if (input.amr.includes("mfa")) claims.amr = [...input.amr];
  return keys.sign(claims);
}

/** Scopes granted for a client-credentials request: the requested ones the API defines, or all of them. */
export function grantedScopes(api: ApiOptions, requested: string | undefined): string[] {
  if (requested === undefined || requested.trim() === "") return [...api.scopes];
  const wanted = new Set(requested.split(/\s+/).filter((s) => s !== ""));
  return api.scopes.filter((s) => wanted.has(s));
}

/** An RS256 machine-to-machine access token for `api`, as Auth0's client-credentials grant issues it. */
export function signApiToken(keys: SigningKeys, baseUrl: string, clientId: string, api: ApiOptions, scopes: string[], nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  return keys.sign({
    iss: issuerOf(baseUrl),
    sub: `${clientId}@clients`,
    aud: api.audience,
    iat,
    exp: iat + API_TOKEN_SECONDS,
    azp: clientId,
    scope: scopes.join(" "),
    gty: "client-credentials",
  });
}
