import { AuthApiError, AuthenticationClient } from "auth0/legacy";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";

/** The Authentication API of the emulator (/oauth/token), driven through the real auth0/legacy client. */

const CLIENT = { clientId: "auth-test-client", clientSecret: "auth-test-secret" };
const DEFAULT = "Username-Password-Authentication";
const NAMED = "Named-Users";
const THRESHOLD = 3;
const PASSWORD = "Corr3ct-Horse!";

let emulator: Auth0Emulator;
let auth: AuthenticationClient;

beforeAll(async () => {
  emulator = new Auth0Emulator({
    ...CLIENT,
    bruteForceThreshold: THRESHOLD,
    connections: [
      { name: DEFAULT, passwordPolicy: "good" },
      { name: NAMED, requiresUsername: true, passwordPolicy: "none" },
    ],
  });
  const { domain } = await emulator.start();
  auth = new AuthenticationClient({ domain, ...CLIENT, fetch: loopbackFetch });
});

afterAll(async () => {
  await emulator.stop();
});

let counter = 0;
function seed(overrides: { blocked?: boolean; username?: string; connection?: string } = {}): { id: string; email: string } {
  counter += 1;
  const email = `grant${counter}.${Date.now()}@example.com`;
  const user = emulator.createUser({ email, password: PASSWORD, ...overrides });
  return { id: user.user_id, email };
}

function grant(username: string, password: string, ip = "203.0.113.7", realm: string | undefined = DEFAULT) {
  return auth.oauth.passwordGrant(
    realm === undefined ? { username, password } : { username, password, realm },
    { initOverrides: { headers: { "auth0-forwarded-for": ip } } },
  );
}

async function grantError(call: Promise<unknown>): Promise<AuthApiError> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(AuthApiError);
    return err as AuthApiError;
  }
  throw new Error("expected the grant to fail");
}

describe("password-realm grant", () => {
  it("succeeds with the right password: an access token, never an id_token; logs auth0-forwarded-for", async () => {
    const u = seed();
    const mark = emulator.lastRequestSeq;
    const { data } = await grant(u.email.toUpperCase(), PASSWORD, "198.51.100.23");
    expect(data.access_token).toEqual(expect.any(String));
    expect(data.access_token.length).toBeGreaterThan(20);
    expect(data.token_type).toBe("Bearer");
    expect(data.expires_in).toBe(86400);
    expect(data).not.toHaveProperty("id_token");
    const records = emulator.requestsSince(mark);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ method: "POST", path: "/oauth/token", target: "password_grant", status: 200, forwardedFor: "198.51.100.23" });
    expect(emulator.getUser(u.id)?.logins_count).toBe(1);
  });

  it("answers 403 invalid_grant for a wrong password and for an unknown user", async () => {
    const u = seed();
    for (const [username, password] of [
      [u.email, "Wrong-Passw0rd"],
      ["nobody@example.com", PASSWORD],
    ] as const) {
      const err = await grantError(grant(username, password, `192.0.2.${counter}`));
      expect(err.statusCode).toBe(403);
      expect(err.error).toBe("invalid_grant");
      expect(err.error_description).toBe("Wrong email or password.");
    }
  });

  it("answers 401 unauthorized 'user is blocked' for a blocked user with the right password", async () => {
    const u = seed({ blocked: true });
    const err = await grantError(grant(u.email, PASSWORD));
    expect(err.statusCode).toBe(401);
    expect(err.error).toBe("unauthorized");
    expect(err.error_description).toBe("user is blocked");
    emulator.setBlocked(u.id, false);
    await expect(grant(u.email, PASSWORD)).resolves.toBeDefined();
  });

  it("blocks one user from one IP after the threshold of failures, even with the right password", async () => {
    const u = seed();
    const attacker = "203.0.113.66";
    for (let i = 0; i < THRESHOLD; i++) {
      expect((await grantError(grant(u.email, `wrong-${i}`, attacker))).error).toBe("invalid_grant");
    }
    const blocked = await grantError(grant(u.email, PASSWORD, attacker));
    expect(blocked.statusCode).toBe(429);
    expect(blocked.error).toBe("too_many_attempts");
    expect(blocked.error_description).toBe("Your account has been blocked after multiple consecutive login attempts.");
    // Another IP is not affected, nor is another user from the attacker's IP.
    await expect(grant(u.email, PASSWORD, "203.0.113.67")).resolves.toBeDefined();
    const other = seed();
    await expect(grant(other.email, PASSWORD, attacker)).resolves.toBeDefined();
  });

  it("falls back to the socket address when auth0-forwarded-for is absent", async () => {
    const u = seed();
    const plain = (password: string) => auth.oauth.passwordGrant({ username: u.email, password, realm: DEFAULT });
    for (let i = 0; i < THRESHOLD; i++) await grantError(plain("nope"));
    expect((await grantError(plain(PASSWORD))).error).toBe("too_many_attempts");
    // A forwarded IP is a different key.
    await expect(grant(u.email, PASSWORD, "198.51.100.99")).resolves.toBeDefined();
  });

  it("accepts a username on a connection that requires usernames, and uses the default connection for grant_type=password", async () => {
    const named = seed({ connection: NAMED, username: "dave" });
    await expect(grant("DAVE", PASSWORD, "192.0.2.200", NAMED)).resolves.toBeDefined();
    await expect(grant(named.email, PASSWORD, "192.0.2.200", NAMED)).resolves.toBeDefined();
    // Not in the default connection:
    expect((await grantError(grant(named.email, PASSWORD, "192.0.2.201", undefined))).statusCode).toBe(403);
    const u = seed();
    const mark = emulator.lastRequestSeq;
    await expect(grant(u.email, PASSWORD, "192.0.2.201", undefined)).resolves.toBeDefined();
    expect(emulator.requestsSince(mark)[0]?.target).toBe("password_grant");
  });

  it("answers 400 invalid_request for an unknown realm", async () => {
    const u = seed();
    const err = await grantError(grant(u.email, PASSWORD, "192.0.2.9", "No-Such-Connection"));
    expect(err.statusCode).toBe(400);
    expect(err.error).toBe("invalid_request");
  });

  it("refuses a wrong client secret with 401 access_denied", async () => {
    const u = seed();
    const bad = new AuthenticationClient({ domain: emulator.domain, clientId: CLIENT.clientId, clientSecret: "nope", fetch: loopbackFetch });
    const err = await grantError(bad.oauth.passwordGrant({ username: u.email, password: PASSWORD, realm: DEFAULT }));
    expect(err.statusCode).toBe(401);
    expect(err.error).toBe("access_denied");
    expect(err.error_description).toBe("Unauthorized");
  });
});

describe("/oauth/token over raw HTTP", () => {
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${emulator.baseUrl}/oauth/token`, { method: "POST", headers, body });

  it("accepts HTTP Basic client authentication and JSON bodies", async () => {
    const u = seed();
    const basic = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}`;
    const form = new URLSearchParams({ grant_type: "http://auth0.com/oauth/grant-type/password-realm", username: u.email, password: PASSWORD, realm: DEFAULT });
    const viaBasic = await post(form.toString(), { authorization: basic, "content-type": "application/x-www-form-urlencoded" });
    expect(viaBasic.status).toBe(200);

    const viaJson = await post(JSON.stringify({ grant_type: "client_credentials", client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }), {
      "content-type": "application/json",
    });
    expect(viaJson.status).toBe(200);
    expect(await viaJson.json()).toMatchObject({ token_type: "Bearer", expires_in: 86400 });

    const wrongBasic = `Basic ${Buffer.from(`${CLIENT.clientId}:wrong`).toString("base64")}`;
    const refused = await post(form.toString(), { authorization: wrongBasic, "content-type": "application/x-www-form-urlencoded" });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "access_denied", error_description: "Unauthorized" });
  });

  it("answers 400 for malformed JSON and oversized bodies get 413", async () => {
    const bad = await post("{not json", { "content-type": "application/json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_request" });
    const big = await post(`grant_type=client_credentials&x=${"a".repeat(120 * 1024)}`, { "content-type": "application/x-www-form-urlencoded" });
    expect(big.status).toBe(413);
  });

  it("does not let a password-grant token call the Management API", async () => {
    const u = seed();
    const { data } = await grant(u.email, PASSWORD, "192.0.2.77");
    const res = await fetch(`${emulator.baseUrl}/api/v2/users-by-email?email=${encodeURIComponent(u.email)}`, {
      headers: { authorization: `Bearer ${data.access_token}` },
    });
    expect(res.status).toBe(401);
  });
});

describe("POST /dbconnections/change_password", () => {
  it("answers Auth0's text whether or not the address exists, and records the request", async () => {
    const u = seed();
    const known = await auth.database.changePassword({ email: u.email.toUpperCase(), connection: DEFAULT });
    expect(known.data).toBe("We've just sent you an email to reset your password.");
    const unknown = await auth.database.changePassword({ email: "nobody@example.com", connection: DEFAULT });
    expect(unknown.data).toBe(known.data);
    const recorded = emulator.passwordChangeRequests.slice(-2);
    expect(recorded.map((r) => [r.email, r.userId])).toEqual([
      [u.email, u.id],
      ["nobody@example.com", undefined],
    ]);
    await expect(auth.database.changePassword({ email: u.email, connection: "Nope" })).rejects.toBeInstanceOf(AuthApiError);
  });
});
