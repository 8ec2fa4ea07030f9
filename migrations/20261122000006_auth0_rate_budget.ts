import type { Knex } from "knex";

/**
 * One token bucket per Auth0 API, shared by every instance, plus Auth0's own word on when
 * calls may resume (x-ratelimit-reset at remaining 0, or a 429's Retry-After).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("auth0_rate_budget", (t) => {
    t.text("name").primary();
    t.double("tokens").notNullable();
    t.timestamp("refilled_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp("blocked_until", { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("auth0_rate_budget");
}
