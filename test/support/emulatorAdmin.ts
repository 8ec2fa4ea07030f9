import { ManagementClient } from "auth0";
import type { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";

/** The real Management API client on the emulator, with the emulator's own client credentials. */
function adminClient(emulator: Auth0Emulator): ManagementClient {
  return new ManagementClient({
    domain: emulator.domain,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    fetch: loopbackFetch,
    maxRetries: 0,
  });
}

/** Changes a password in the emulator through the real Management API, as an admin would. */
export async function setAuth0Password(emulator: Auth0Emulator, userId: string, password: string): Promise<void> {
  await adminClient(emulator).users.update(userId, { password });
}

/** Deletes a user in the emulator through the real Management API, as an admin would. */
export async function deleteAuth0User(emulator: Auth0Emulator, userId: string): Promise<void> {
  await adminClient(emulator).users.delete(userId);
}
