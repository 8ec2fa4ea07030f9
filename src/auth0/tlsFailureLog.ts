import type { Logger } from "../logger";

export interface TlsFailure {
  code: string;
  /** OpenSSL's or Node's own wording, e.g. "self-signed certificate in certificate chain". */
  reason: string;
}

// Certificate verification codes (OpenSSL's names as Node reports them) and Node's TLS/SSL errors.
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY|DECRYPT)/;

/** The TLS failure behind a failed fetch (undici wraps it as `TypeError("fetch failed", { cause })`). */
export function tlsFailureOf(err: unknown): TlsFailure | undefined {
  let current: unknown = err;
  // Structural, not `instanceof Error`: the fetch's errors may come from another realm.
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && TLS_CODE.test(code)) return { code, reason: typeof message === "string" ? message : code };
    current = cause;
  }
  return undefined;
}

const MAX_DISTINCT = 100;

/**
 * Wraps the fetch every Auth0 call goes through so a TLS failure, which the SDK reports only as
 * "fetch failed", reaches the log once per distinct cause with a plain reason. The outcome of the
 * call is unchanged (the error is rethrown). The reason carries hosts and certificate names, never
 * a request's body or headers.
 */
export function withTlsFailureLog(inner: typeof fetch, logger: Pick<Logger, "warn">): typeof fetch {
  const seen = new Set<string>();
  return async (input, init) => {
    try {
      return await inner(input, init);
    } catch (err) {
      const failure = tlsFailureOf(err);
      if (failure) {
        const key = `${failure.code}\n${failure.reason}`;
        if (!seen.has(key) && seen.size < MAX_DISTINCT) {
          seen.add(key);
          logger.warn({ tls_code: failure.code }, `auth0 tls: ${failure.reason}`);
        }
      }
      throw err;
    }
  };
}
