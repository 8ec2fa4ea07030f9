import type { Auth0Gateway } from "../../src/auth0/Auth0Gateway";
import type { PasswordHashing } from "../../src/legacy/hashers/PasswordHashing";
import type { LegacyUser } from "../../src/legacy/LegacyUser";
import type { LegacyUserStore } from "../../src/legacy/LegacyUserStore";
import { createLogger } from "../../src/logger";
import type { Auth0Migrator } from "../../src/migration/Auth0Migrator";
import type { MigrationStore } from "../../src/migration/MigrationStore";
import type { MigrationStatus } from "../../src/migration/migrationTypes";
import type { PasswordClaims } from "../../src/password/PasswordClaims";
import { PasswordSetter } from "../../src/password/PasswordSetter";

const USER: LegacyUser = { id: "7", username: "ann", email: "ann@example.com", passwordHash: "old-hash", isActive: true, isStaff: false, lastLogin: null };

/** A setter over in-memory fakes; `migrated` is what the migrator reports for the unlinked user. */
function setterWith(migrated: MigrationStatus) {
  const auth0Updates: Array<[string, string]> = [];
  const legacyWrites: string[] = [];
  const setter = new PasswordSetter(
    { findById: async () => USER, updatePassword: async (_id: string, hash: string) => void legacyWrites.push(hash) } as unknown as LegacyUserStore,
    { writeAlgorithm: "pbkdf2_sha256", encode: async (p: string) => `hash:${p}` } as unknown as PasswordHashing,
    { getLink: async () => null } as unknown as MigrationStore,
    { migrate: async () => migrated } as unknown as Auth0Migrator,
    { updatePassword: async (id: string, p: string) => void auth0Updates.push([id, p]) } as unknown as Auth0Gateway,
    { tryAcquire: async () => "claim", release: async () => true } as unknown as PasswordClaims,
    { destroyForUser: async () => 0 },
    { timeoutMs: 1000 },
    createLogger("silent"),
  );
  return { setter, auth0Updates, legacyWrites };
}

describe("PasswordSetter, for a user a concurrent login migrates", () => {
  it("sends the new password to the Auth0 user the login created, so both stores agree", async () => {
    const { setter, auth0Updates, legacyWrites } = setterWith({ state: "migrated", method: "login", auth0UserId: "auth0|by-login", reason: null });
    await setter.set({ userId: USER.id, password: "New-Pass-1", method: "password_change" });
    expect(auth0Updates).toEqual([["auth0|by-login", "New-Pass-1"]]);
    expect(legacyWrites).toEqual(["hash:New-Pass-1"]);
  });

  it("does not update again a user it created itself with the new password", async () => {
    const { setter, auth0Updates, legacyWrites } = setterWith({ state: "migrated", method: "password_change", auth0UserId: "auth0|mine", reason: null });
    await setter.set({ userId: USER.id, password: "New-Pass-2", method: "password_change" });
    expect(auth0Updates).toEqual([]);
    expect(legacyWrites).toEqual(["hash:New-Pass-2"]);
  });
});
