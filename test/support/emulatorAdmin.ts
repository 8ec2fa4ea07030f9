import { ManagementClient } from "auth0";
import type { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";

/** Changes a password in the emulator through the real Management API, as an admin would. */
export async function setAuth0Password(emulator: Auth0Emulator, userId: string, password: string): Promise<void> {
  const mgmt = new ManagementClient({
    domain: emulator.domain,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    fetch: loopbackFetch,
    maxRetries: 0,
  });
  await mgmt.users.update(userId, { password });
}

/** Deletes a user in the emulator through the real Management API, as an admin would. */
export async function deleteAuth0User(emulator: Auth0Emulator, userId: string): Promise<void> {
  const mgmt = new ManagementClient({
    domain: emulator.domain,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    fetch: loopbackFetch,
    maxRetries: 0,
  });
  await mgmt.users.delete(userId);
}
