import knex, { type Knex } from "knex";
import { dbConfig, type DbOptions } from "./dbConfig";

export type { Knex };

export function createDb(options: DbOptions): Knex {
  return knex(dbConfig(options));
}
