import type { Logger } from "../logger";
import type { Auth0Scheme } from "./auth0Endpoint";
import { loopbackFetch } from "./loopbackFetch";
import { withTlsFailureLog } from "./tlsFailureLog";

/**
 * The one fetch for every call to Auth0 (service and CLI commands alike): plain http only when
 * the operator wrote `http://` for a loopback host, else the platform fetch (system CAs plus
 * NODE_EXTRA_CA_CERTS); TLS failures are logged once per cause.
 */
export function auth0Fetch(scheme: Auth0Scheme, logger: Pick<Logger, "warn">): typeof fetch {
  return withTlsFailureLog(scheme === "http" ? loopbackFetch : (input, init) => fetch(input, init), logger);
}
