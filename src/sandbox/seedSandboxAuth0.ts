import type { Auth0Emulator } from "../auth0/emulator/Auth0Emulator";
import type { DemoAuth0Account } from "../legacy/seedSandboxUsers";

/**
 * Puts the sandbox's pre-existing Auth0 accounts into its emulator, each one not there yet
 * (the emulator's state file keeps them across restarts). Returns how many it created.
 */
export function seedSandboxAuth0(emulator: Auth0Emulator, accounts: readonly DemoAuth0Account[]): number {
  let created = 0;
  for (const account of accounts) {
    const email = account.email.toLowerCase();
    if (emulator.listUsers().some((u) => u.email === email)) continue;
    // Verified, as an account someone signed up with long ago would be; linked to no legacy user.
    emulator.createUser({ email, password: account.password, email_verified: true });
    created += 1;
  }
  return created;
}
