import type * as Jose from "jose" with { "resolution-mode": "import" };

export interface JwksCacheOptions {
  url: string;
  fetch: typeof fetch;
  /** An unknown `kid` refetches at most this often. */
  refreshCooldownMs: number;
  /** Keys older than this are refetched before use. */
  maxAgeMs: number;
  timeoutMs: number;
  clock: () => number;
}

/** The key set could not be fetched or is not a JWK set. */
export class JwksFetchError extends Error {
  override name = "JwksFetchError";
}

type LocalSet = ReturnType<typeof Jose.createLocalJWKSet>;

/**
 * The tenant's JWKS for jose's jwtVerify, on the service's clock: fetched on first use, refetched
 * when old, and on an unknown `kid` at most once per cooldown (forged kids cannot make us hammer the
 * tenant). One fetch at a time.
 */
export class JwksCache {
  private local: LocalSet | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly jose: typeof Jose,
    private readonly options: JwksCacheOptions,
  ) {}

  /** The key getter for jwtVerify. */
  readonly getKey = async (header: Jose.JWSHeaderParameters, token: Jose.FlattenedJWSInput): Promise<Jose.CryptoKey> => {
    const age = this.options.clock() - this.fetchedAt;
    if (!this.local && age < this.options.refreshCooldownMs) throw new JwksFetchError("the JWKS could not be fetched moments ago");
    if (!this.local || age >= this.options.maxAgeMs) {
      try {
        await this.reload();
      } catch (err) {
        // Old keys beat no keys while the tenant is unreachable.
        if (!this.local) throw err;
      }
    }
    try {
      return await (this.local as LocalSet)(header, token);
    } catch (err) {
      if (!(err instanceof this.jose.errors.JWKSNoMatchingKey)) throw err;
      if (this.options.clock() - this.fetchedAt < this.options.refreshCooldownMs) throw err;
      await this.reload();
      return (this.local as LocalSet)(header, token);
    }
  };

  private reload(): Promise<void> {
    this.pending ??= this.fetchKeys().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchKeys(): Promise<void> {
    let body: unknown;
    try {
      const res = await this.options.fetch(this.options.url, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (!res.ok) {
        await res.arrayBuffer().catch(() => undefined);
        throw new JwksFetchError(`the JWKS answered ${res.status}`);
      }
      body = await res.json();
    } catch (err) {
      // Counted as a fetch even when it failed: the cooldown also spaces out retries at a down tenant.
      this.fetchedAt = this.options.clock();
      throw err instanceof JwksFetchError ? err : new JwksFetchError("the JWKS could not be fetched", { cause: err });
    }
    try {
      this.local = this.jose.createLocalJWKSet(body as Jose.JSONWebKeySet);
    } catch (err) {
      throw new JwksFetchError("the JWKS is not a JSON Web Key Set", { cause: err });
    } finally {
      this.fetchedAt = this.options.clock();
    }
  }
}
