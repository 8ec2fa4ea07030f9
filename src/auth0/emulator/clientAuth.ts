import { createHash, timingSafeEqual } from "node:crypto";

/** Constant-time string comparison (through fixed-length digests). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

export interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** Client credentials from the body (client_secret_post), else from HTTP Basic (client_secret_basic). */
export function clientCredentials(body: Record<string, unknown>, authorization: string | undefined): ClientCredentials {
  const fromBody = {
    clientId: typeof body.client_id === "string" ? body.client_id : undefined,
    clientSecret: typeof body.client_secret === "string" ? body.client_secret : undefined,
  };
  if (fromBody.clientSecret !== undefined) return fromBody;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization ?? "");
  if (match) {
    const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) {
      return { clientId: safeDecode(decoded.slice(0, colon)), clientSecret: safeDecode(decoded.slice(colon + 1)) };
    }
  }
  return fromBody;
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match ? (match[1] as string) : undefined;
}
