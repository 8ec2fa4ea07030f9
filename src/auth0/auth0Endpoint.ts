import { isLoopbackDomain } from "./loopbackFetch";

export type Auth0Scheme = "https" | "http";

export interface Auth0Endpoint {
  /** `host` or `host:port`: the SDK's `domain`. */
  host: string;
  scheme: Auth0Scheme;
}

/**
 * Reads `AUTH0_DOMAIN`: a host (optionally with a port) is spoken to over HTTPS. Plain HTTP only when
 * the operator writes `http://` and the host is loopback; a host alone is never downgraded.
 * Throws with a message that does not name the variable (the caller does).
 */
export function parseAuth0Domain(raw: string): Auth0Endpoint {
  const value = raw.trim();
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(value);
  const scheme = match ? (match[1] ?? "").toLowerCase() : "https";
  if (scheme !== "https" && scheme !== "http") throw new Error(`scheme "${scheme}://" is not supported; write the host alone (HTTPS)`);
  const host = match ? (match[2] ?? "") : value;
  if (host === "" || /[/?#@\s\\]/.test(host)) throw new Error("must be a host name (optionally with :port), without path");
  let hostname: string;
  try {
    hostname = new URL(`https://${host}`).hostname;
  } catch {
    throw new Error("must be a host name (optionally with :port), without path");
  }
  if (hostname === "") throw new Error("must be a host name (optionally with :port), without path");
  if (scheme === "http" && !isLoopbackDomain(host)) {
    throw new Error("plain http:// is allowed only for a loopback host (127.0.0.1, localhost, ::1); write the host alone to use HTTPS");
  }
  return { host, scheme };
}
