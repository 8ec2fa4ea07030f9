import dotenv from "dotenv";
import { loadConfig, type Config } from "../../src/config";

/** `.env` (if any) under the real environment, validated once. */
export function loadEnvConfig(): Config {
  dotenv.config({ quiet: true });
  return loadConfig(process.env);
}
