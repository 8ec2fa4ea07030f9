import type * as OpenIdClient from "openid-client" with { "resolution-mode": "import" };
import type * as Jose from "jose" with { "resolution-mode": "import" };

export type OpenIdClientModule = typeof OpenIdClient;
export type JoseModule = typeof Jose;

/**
 * openid-client and jose ship as ES modules only. Node 20.19+ loads them with require(esm), which
 * keeps the compiled CommonJS app synchronous to start; a loader that cannot (jest's with
 * --experimental-vm-modules) is given a dynamic import instead.
 */
async function loadEsm<T>(name: string): Promise<T> {
  try {
    return require(name) as T;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message = err instanceof Error ? err.message : "";
    if (code !== "ERR_REQUIRE_ESM" && !/Must use import to load ES Module/.test(message)) throw err;
    return (await import(name)) as T;
  }
}

export function loadOpenIdClient(): Promise<OpenIdClientModule> {
  return loadEsm<OpenIdClientModule>("openid-client");
}

export function loadJose(): Promise<JoseModule> {
  return loadEsm<JoseModule>("jose");
}
