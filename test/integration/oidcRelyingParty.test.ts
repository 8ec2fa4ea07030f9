import { LoginProviderUnavailableError } from "../../src/auth0/oidc/oidcErrors";
import { OidcRelyingParty } from "../../src/auth0/oidc/OidcRelyingParty";
import { StubOidcProvider } from "../support/StubOidcProvider";

const CLIENT = { id: "rp-client", secret: "rp-client-secret" };
const provider = new StubOidcProvider(CLIENT);

beforeAll(() => provider.start());
afterAll(() => provider.stop());

function relyingParty(fetchImpl: typeof fetch): OidcRelyingParty {
  return new OidcRelyingParty({
    tenantUrl: provider.baseUrl,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUri: "https://app.example/callback",
    fetch: fetchImpl,
    timeoutSeconds: 5,
  });
}

it("retries discovery after a failure instead of keeping it", async () => {
  let calls = 0;
  const flaky: typeof fetch = (input, init) => {
    calls += 1;
    return calls === 1 ? Promise.reject(new TypeError("fetch failed")) : fetch(input, init);
  };
  const rp = relyingParty(flaky);
  await expect(rp.begin("/")).rejects.toBeInstanceOf(LoginProviderUnavailableError);
  const { url } = await rp.begin("/");
  expect(new URL(url).pathname).toBe("/authorize");
});

it("binds each login to fresh state, nonce and PKCE verifier, and carries next", async () => {
  const rp = relyingParty((input, init) => fetch(input, init));
  const a = await rp.begin("/admin");
  const b = await rp.begin("/admin");
  expect(a.transaction.next).toBe("/admin");
  for (const key of ["state", "nonce", "codeVerifier"] as const) expect(a.transaction[key]).not.toBe(b.transaction[key]);
  const url = new URL(a.url);
  expect(url.searchParams.get("state")).toBe(a.transaction.state);
  expect(url.searchParams.get("nonce")).toBe(a.transaction.nonce);
  // The verifier stays in the browser's transaction; only its S256 challenge travels.
  expect(url.searchParams.get("code_challenge")).not.toBe(a.transaction.codeVerifier);
  expect(a.url).not.toContain(a.transaction.codeVerifier);
});

it("builds Auth0's logout URL with client_id and returnTo", () => {
  const target = new URL(relyingParty(fetch).logoutUrl("https://app.example/login"));
  expect(`${target.origin}${target.pathname}`).toBe(`${provider.baseUrl}/v2/logout`);
  expect(Object.fromEntries(target.searchParams)).toEqual({ client_id: CLIENT.id, returnTo: "https://app.example/login" });
});
