import { EmulatorInputError } from "./EmulatorInputError";
import type { NewUser } from "./EmulatorStore";

/** Input of Auth0Emulator.createUser and `POST /__emulator/users`: seeding that bypasses the password policy. */
export interface CreateUserInput {
  /** Default: the first configured connection. */
  connection?: string;
  email: string;
  password: string;
  username?: string;
  email_verified?: boolean;
  blocked?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

const KEYS = new Set(["connection", "email", "password", "username", "email_verified", "blocked", "app_metadata", "user_metadata"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks seeding input (it may come over HTTP); throws EmulatorInputError. */
export function parseSeedUser(raw: unknown, defaultConnection: string | undefined): NewUser {
  if (!isRecord(raw)) throw new EmulatorInputError("user: expected an object");
  const extra = Object.keys(raw).filter((k) => !KEYS.has(k));
  if (extra.length > 0) throw new EmulatorInputError(`user: unknown field(s): ${extra.join(", ")}`);
  const connection = raw.connection ?? defaultConnection;
  if (typeof connection !== "string" || connection === "") throw new EmulatorInputError("user.connection: expected a connection name");
  if (typeof raw.email !== "string" || !raw.email.includes("@")) throw new EmulatorInputError("user.email: expected an email address");
  if (typeof raw.password !== "string" || raw.password === "") throw new EmulatorInputError("user.password: expected a non-empty string");
  const user: NewUser = { connection, email: raw.email, password: raw.password };
  if (raw.username !== undefined) {
    if (typeof raw.username !== "string" || raw.username === "") throw new EmulatorInputError("user.username: expected a non-empty string");
    user.username = raw.username;
  }
  for (const key of ["email_verified", "blocked"] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw new EmulatorInputError(`user.${key}: expected a boolean`);
    user[key] = value;
  }
  for (const key of ["app_metadata", "user_metadata"] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!isRecord(value)) throw new EmulatorInputError(`user.${key}: expected an object`);
    user[key] = value;
  }
  return user;
}
