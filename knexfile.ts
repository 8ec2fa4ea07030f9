// For `npx knex migrate:latest`: the same config and migrations as `auth0-migrate db:migrate`.
import "dotenv/config";
import { loadConfig } from "./src/config";
import { migrationConfig } from "./migrations";
import { dbConfig } from "./src/db/dbConfig";

const config = loadConfig(process.env);

module.exports = { ...dbConfig({ url: config.databaseUrl, pgliteDir: config.dataDir }), migrations: migrationConfig };
