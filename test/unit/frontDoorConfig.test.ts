import { loadConfig } from "../../src/config";

const TENANT = { AUTH0_DOMAIN: "tenant.example.auth0.com", AUTH0_CLIENT_ID: "m2m-client", AUTH0_CLIENT_SECRET: "m2m-secret" };
const LOGIN = { AUTH0_LOGIN_CLIENT_ID: "rwa-client", AUTH0_LOGIN_CLIENT_SECRET: "rwa-secret" };

describe("Auth0 as the front door: configuration", () => {
  it("defaults to the password form everywhere", () => {
    expect(loadConfig({}).frontDoor).toEqual({ clientId: undefined, clientSecret: undefined, loginMode: "legacy", adminLogin: "password" });
  });

  it("reads the login client and both switches", () => {
    expect(loadConfig({ ...TENANT, ...LOGIN, LOGIN_MODE: "universal", ADMIN_LOGIN: "auth0" }).frontDoor).toEqual({
      clientId: "rwa-client",
      clientSecret: "rwa-secret",
      loginMode: "universal",
      adminLogin: "auth0",
    });
  });

  it.each([
    [{ ...TENANT, LOGIN_MODE: "universal" }, /^AUTH0_LOGIN_CLIENT_ID: required when LOGIN_MODE=universal/],
    [{ ...TENANT, ADMIN_LOGIN: "auth0" }, /^AUTH0_LOGIN_CLIENT_ID: required when ADMIN_LOGIN=auth0/],
    [{ ...TENANT, AUTH0_LOGIN_CLIENT_ID: "rwa-client" }, /^AUTH0_LOGIN_CLIENT_SECRET: required/],
    [{ ...TENANT, AUTH0_LOGIN_CLIENT_SECRET: "rwa-secret" }, /^AUTH0_LOGIN_CLIENT_ID: required/],
    [{ ...TENANT, AUTH0_LOGIN_CLIENT_ID: "m2m-client", AUTH0_LOGIN_CLIENT_SECRET: "x" }, /^AUTH0_LOGIN_CLIENT_ID: must be the Regular Web Application/],
    [{ ...LOGIN }, /^AUTH0_LOGIN_CLIENT_ID: needs AUTH0_DOMAIN/],
    [{ LOGIN_MODE: "password" }, /^LOGIN_MODE: /],
    [{ ADMIN_LOGIN: "mfa" }, /^ADMIN_LOGIN: /],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => loadConfig(env as Record<string, string>)).toThrow(message);
  });

  it("lets the sandbox switch both on without a login client (it uses the emulator's)", () => {
    expect(loadConfig({ LOGIN_MODE: "universal", ADMIN_LOGIN: "auth0" }).frontDoor).toMatchObject({ loginMode: "universal", adminLogin: "auth0" });
  });
});
