import type { Knex } from "knex";
import { MigrationStore } from "../../src/migration/MigrationStore";
import type { MigrationMethod } from "../../src/migration/migrationTypes";
import type { CreatedLegacyUser, LegacyUserFactory } from "./legacyUsers";

export interface DashboardData {
  /** Users a reset campaign would select now (active, unmigrated, email and password usable). */
  eligible: CreatedLegacyUser[];
  migrated: number;
}

const FIRST = ["maria", "james", "aiko", "omar", "lena", "pedro", "grace", "ivan", "sofia", "david", "nora", "kwame", "elena", "tom", "priya", "lucas", "hana", "sam", "zoe", "felix"];
const LAST = ["garcia", "smith", "tanaka", "haddad", "müller", "silva", "okafor", "petrov", "rossi", "cohen", "berg", "mensah", "novak", "wright", "iyer", "martin", "kim", "lee", "adams", "weber"];

/** Names like a real user table's (unique per seed), instead of the factory's random ones. */
function person(n: number): { username: string; email: string } {
  const first = FIRST[n % FIRST.length] as string;
  const last = LAST[Math.floor(n / FIRST.length) % LAST.length] as string;
  const round = Math.floor(n / (FIRST.length * LAST.length));
  const username = `${first}.${last.replace("ü", "u")}${round ? round + 1 : ""}`;
  return { username, email: `${username}@example.com` };
}

const REASONS = {
  conflict: ["an Auth0 account with this email exists and the password does not open it", "the Auth0 account is already linked to another legacy user"],
  weak_password: ["PasswordStrengthError: Password is too weak"],
  pending: ["rate_limited", "timeout", "auth0_unavailable"],
} as const;

/**
 * A migration a few weeks in, for the dashboard's browser test and its screenshot: logins
 * rising over 30 days (a few by password reset or an existing account), a tail of stuck users
 * with the reasons the migrator records, and users who never logged in. Deterministic.
 */
export async function seedDashboardData(db: Knex, users: LegacyUserFactory, scale = 1): Promise<DashboardData> {
  const store = new MigrationStore(db);
  const eligible: CreatedLegacyUser[] = [];
  let migrated = 0;
  let seq = 0;
  let people = 0;
  const create = (spec: Parameters<LegacyUserFactory["create"]>[0] = {}): Promise<CreatedLegacyUser> => {
    // Spread consecutive users over the name grid so neighbours do not share a surname.
    people += 1;
    return users.create({ ...person((people * 7) % (FIRST.length * LAST.length)), ...spec });
  };
  const methods: MigrationMethod[] = ["login", "login", "login", "login", "login", "login", "linked_existing", "password_reset"];
  for (let daysAgo = 29; daysAgo >= 0; daysAgo -= 1) {
    // A launch-week bump, then a slow decline with a weekly rhythm.
    const perDay = Math.round(scale * (daysAgo > 22 ? 9 - (29 - daysAgo) * 0.4 : 3 + ((29 - daysAgo) % 7 === 0 ? 4 : (daysAgo % 5) + 1)));
    for (let i = 0; i < perDay; i += 1) {
      seq += 1;
      const u = await create();
      const method = methods[seq % methods.length] as MigrationMethod;
      await store.link({ legacyUserId: u.id, auth0UserId: `auth0|seed${seq}`, auth0Login: u.email ?? `seed${seq}@example.com`, method });
      await db("auth0_links").where({ legacy_user_id: u.id }).update({ migrated_at: db.raw("now() - (? * interval '1 day') - (? * interval '1 minute')", [daysAgo, (i * 37) % 600]) });
      migrated += 1;
    }
  }
  for (const [state, reasons] of Object.entries(REASONS) as Array<[keyof typeof REASONS, readonly string[]]>) {
    const n = Math.round(scale * (state === "pending" ? 6 : state === "conflict" ? 4 : 3));
    for (let i = 0; i < n; i += 1) {
      const u = await create();
      await store.recordAttempt(u.id, state, reasons[i % reasons.length] as string);
      await db("auth0_migration_state").where({ legacy_user_id: u.id }).update({ last_attempt_at: db.raw("now() - (? * interval '1 hour')", [i * 7 + 1]) });
      eligible.push(u);
    }
  }
  for (let i = 0; i < Math.round(scale * 25); i += 1) eligible.push(await create());
  // Users no campaign selects: inactive, no email, unusable password.
  await create({ isActive: false });
  await create({ email: null });
  await create({ passwordHash: "!unusable" });
  return { eligible, migrated };
}
