import {
  Auth0BadRequestError,
  Auth0BlockedError,
  Auth0ConflictError,
  Auth0InvalidCredentialsError,
  Auth0NotFoundError,
  Auth0PasswordPolicyError,
  Auth0UnavailableError,
} from "../../src/auth0/auth0Errors";
import { auth0ErrorKind } from "../../src/metrics/auth0ErrorKind";
import { MeteredAuth0Gateway } from "../../src/metrics/MeteredAuth0Gateway";
import { ServiceMetrics } from "../../src/metrics/ServiceMetrics";
import { Deadline } from "../../src/auth0/Deadline";
import type { Auth0Gateway } from "../../src/auth0/Auth0Gateway";
import { seriesValue } from "../support/prometheusText";

it.each([
  [new Auth0UnavailableError("timeout", "t"), "timeout"],
  [new Auth0UnavailableError("rate_limited", "r"), "rate_limited"],
  [new Auth0UnavailableError("server_error", "s"), "server_error"],
  [new Auth0UnavailableError("network", "n"), "network"],
  [new Auth0ConflictError(), "conflict"],
  [new Auth0PasswordPolicyError("too weak"), "password_policy"],
  [new Auth0BadRequestError("bad"), "bad_request"],
  [new Auth0BlockedError("blocked"), "blocked"],
  [new Auth0InvalidCredentialsError(), "invalid_credentials"],
  [new Auth0NotFoundError(), "not_found"],
  [new Error("boom"), "unexpected"],
  ["not an error", "unexpected"],
] as Array<[unknown, string]>)("maps %p to the kind %s", (err, kind) => {
  expect(auth0ErrorKind(err)).toBe(kind);
});

it("times calls and counts failures by operation and kind, passing errors through unchanged", async () => {
  const failure = new Auth0UnavailableError("timeout", "slow");
  const inner = {
    getUser: async () => null,
    verifyPassword: async () => {
      throw failure;
    },
  } as unknown as Auth0Gateway;
  const metrics = new ServiceMetrics();
  const gateway = new MeteredAuth0Gateway(inner, metrics);
  const deadline = new Deadline(1000);
  expect(await gateway.getUser("auth0|1", deadline)).toBeNull();
  await expect(gateway.verifyPassword("a", "b", undefined, deadline)).rejects.toBe(failure);
  const text = await metrics.text();
  expect(seriesValue(text, "auth0_migrate_auth0_request_duration_seconds_count", { operation: "get_user" })).toBe(1);
  expect(seriesValue(text, "auth0_migrate_auth0_request_duration_seconds_count", { operation: "password_grant" })).toBe(1);
  expect(seriesValue(text, "auth0_migrate_auth0_errors_total", { operation: "password_grant", kind: "timeout" })).toBe(1);
  expect(seriesValue(text, "auth0_migrate_auth0_errors_total", { operation: "get_user", kind: "timeout" })).toBe(0);
});
