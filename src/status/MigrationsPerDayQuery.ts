import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";
import { StatusQueryError, statusQueryReason } from "./StatusQueryError";

export interface DayCount {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  count: number;
}

export interface MigrationsPerDaySource {
  /** One entry per UTC day, oldest first, the last being today; days without migrations count 0. */
  lastDays(days: number): Promise<DayCount[]>;
}

/** Links made per day, read from auth0_links on its migrated_at index. */
export class MigrationsPerDayQuery implements MigrationsPerDaySource {
  constructor(private readonly db: Knex) {}

  async lastDays(days: number): Promise<DayCount[]> {
    try {
      const result = await this.db.raw(
        `with days as (
           select generate_series((now() at time zone 'UTC')::date - (?::int - 1), (now() at time zone 'UTC')::date, interval '1 day')::date as day
         ),
         counts as (
           select (migrated_at at time zone 'UTC')::date as day, count(*) as n
           from auth0_links
           where migrated_at >= ((now() at time zone 'UTC')::date - (?::int - 1)) at time zone 'UTC'
           group by 1
         )
         select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(c.n, 0) as n
         from days d left join counts c on c.day = d.day
         order by d.day`,
        [days, days],
      );
      return (result.rows as Array<{ day: string; n: unknown }>).map((r) => ({ day: r.day, count: toNumber(r.n) }));
    } catch (err) {
      throw new StatusQueryError(statusQueryReason(err, "auth0_links"), err);
    }
  }
}
