import type { Auth0Gateway, Auth0User } from "../../src/auth0/Auth0Gateway";
import { Auth0UnavailableError } from "../../src/auth0/auth0Errors";
import { Deadline } from "../../src/auth0/Deadline";
import { AuthUnavailableError } from "../../src/errors";
import type { LegacyUser } from "../../src/legacy/LegacyUser";
import { createLogger } from "../../src/logger";
import type { MigrationStore } from "../../src/migration/MigrationStore";
import { takeOverByEmailProof } from "../../src/password/takeOverByEmailProof";
import { NeedsOwnEmailError, PasswordRejectedError } from "../../src/reset/resetErrors";

const USER: LegacyUser = { id: "7", username: "ann", email: "Ann@Example.com", passwordHash: "h", isActive: true, isStaff: false, lastLogin: null };
const account = (over: Partial<Auth0User> = {}): Auth0User => ({
  userId: "auth0|squat",
  email: "ann@example.com",
  username: null,
  connections: [],
  appMetadata: {},
  ...over,
});

function run(opts: { accounts: Auth0User[]; linkedTo?: string | null; patch?: () => Promise<void> }) {
  const patched: string[] = [];
  const links: unknown[] = [];
  const gateway = {
    findUsersByEmail: async () => opts.accounts,
    takeOverByEmailProof: async (id: string) => {
      await opts.patch?.();
      patched.push(id);
    },
  } as unknown as Auth0Gateway;
  const store = {
    findByAuth0UserId: async () => (opts.linkedTo ? { legacyUserId: opts.linkedTo } : null),
    link: async (input: unknown) => {
      links.push(input);
      return { kind: "linked", link: input };
    },
  } as unknown as MigrationStore;
  const provenAt = new Date("2026-12-02T12:00:00Z");
  const done = takeOverByEmailProof({ gateway, store, logger: createLogger("silent") }, USER, "New-Pass-1", provenAt, new Deadline(1000));
  return { done, patched, links, provenAt };
}

describe("takeOverByEmailProof", () => {
  it("updates the one account of the address, then links it with the proof's time", async () => {
    const r = run({ accounts: [account()] });
    await r.done;
    expect(r.patched).toEqual(["auth0|squat"]);
    expect(r.links).toEqual([
      { legacyUserId: "7", auth0UserId: "auth0|squat", auth0Login: "ann@example.com", method: "linked_by_email_proof", emailProvenAt: r.provenAt },
    ]);
  });

  it.each([
    ["linked to another legacy user", { accounts: [account()], linkedTo: "8" }],
    ["made for another legacy user", { accounts: [account({ appMetadata: { legacy_id: "8" } })] }],
  ])("touches nothing when the account is %s", async (_name, opts) => {
    const r = run(opts);
    await expect(r.done).rejects.toBeInstanceOf(NeedsOwnEmailError);
    expect(r.patched).toEqual([]);
    expect(r.links).toEqual([]);
  });

  it("touches nothing when several accounts (or none) have the address", async () => {
    for (const accounts of [[account(), account({ userId: "auth0|other" })], []]) {
      const r = run({ accounts });
      await expect(r.done).rejects.toBeInstanceOf(PasswordRejectedError);
      expect(r.patched).toEqual([]);
      expect(r.links).toEqual([]);
    }
  });

  it("records no link when Auth0 fails the update (503 to the user, who retries with the same link)", async () => {
    const r = run({
      accounts: [account()],
      patch: async () => {
        throw new Auth0UnavailableError("server_error", "503 from Auth0");
      },
    });
    await expect(r.done).rejects.toBeInstanceOf(AuthUnavailableError);
    expect(r.links).toEqual([]);
  });
});
