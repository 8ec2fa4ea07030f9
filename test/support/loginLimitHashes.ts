import { pbkdf2Sync, scryptSync } from "node:crypto";
import { Argon2Hasher } from "../../src/legacy/hashers/Argon2Hasher";
import { ScryptHasher } from "../../src/legacy/hashers/ScryptHasher";
import { vectorOf } from "./hashVectors";

/**
 * Hashes at and just past the login's limits, each a published vector with one field changed or
 * a real hash of `password` made with the format's own algorithm. A real hash past a limit that
 * the login does not open with its own password is refused, not merely mismatched.
 */
export interface LimitHash {
  name: string;
  /** The hasher algorithm the login identifies it as. */
  format: string;
  password: string;
  encoded: () => Promise<string>;
}

export interface RefusedHash extends LimitHash {
  /** The dry run's not-importable reason. */
  reason: string;
}

/** `encoded` with its `$`-separated fields replaced (index: new text). */
function withFields(encoded: string, fields: Record<number, string>): string {
  return encoded
    .split("$")
    .map((part, i) => fields[i] ?? part)
    .join("$");
}

const b64 = (bytes: Buffer) => bytes.toString("base64");

/** An ASP.NET Core Identity v3 blob: 0x01, PRF, iterations, salt length (big-endian uint32s), salt, subkey. */
function aspNetV3(prf: number, iterations: number, salt: Buffer, subkey: Buffer): string {
  const header = Buffer.alloc(13);
  header[0] = 0x01;
  header.writeUInt32BE(prf, 1);
  header.writeUInt32BE(iterations, 5);
  header.writeUInt32BE(salt.length, 9);
  return b64(Buffer.concat([header, salt, subkey]));
}

/** A real v3 PBKDF2-SHA256 blob of `password` at 1000 iterations. */
function realAspNetV3(password: string, saltLength: number, subkeyLength: number): string {
  const salt = Buffer.alloc(saltLength, 0x5a);
  return aspNetV3(1, 1000, salt, pbkdf2Sync(password, salt, 1000, subkeyLength, "sha256"));
}

const pbkdf2 = vectorOf("pbkdf2_sha256");
const pbkdf2Sha1 = vectorOf("pbkdf2_sha1");
const aspNet = vectorOf("aspnet_identity", (v) => v.source.endsWith("V3_SHA256_250000iter_256salt_256subkey"));
const scrypt = vectorOf("scrypt");
const argon2id = vectorOf("argon2", (v) => v.encoded.startsWith("argon2$argon2id$v=19$"));
const argon2V16 = vectorOf("argon2", (v) => !v.encoded.includes("$v="));
const bcrypt = vectorOf("bcrypt");
const djangoBcrypt = vectorOf("django_bcrypt");
const sha1 = vectorOf("sha1");
const md5 = vectorOf("md5");
const unsaltedSha1 = vectorOf("unsalted_sha1");
const unsaltedMd5 = vectorOf("unsalted_md5", (v) => v.encoded.startsWith("md5$$"));

const fixed = (encoded: string) => () => Promise.resolve(encoded);

function aspNetWithIterations(iterations: number): string {
  const blob = Buffer.from(aspNet.encoded, "base64");
  blob.writeUInt32BE(iterations, 5);
  return b64(blob);
}

/** Hashes the login refuses; the dry run must report each not importable. */
export const REFUSED_HASHES: RefusedHash[] = [
  // Django pbkdf2: at most MAX_PBKDF2_ITERATIONS (10,000,000), though 8 digits are allowed.
  { name: "pbkdf2_sha256 at 99,999,999 iterations", format: "pbkdf2_sha256", password: pbkdf2.password, encoded: fixed(withFields(pbkdf2.encoded, { 1: "99999999" })), reason: "malformed pbkdf2_sha256 hash" },
  { name: "pbkdf2_sha256 at 10,000,001 iterations", format: "pbkdf2_sha256", password: pbkdf2.password, encoded: fixed(withFields(pbkdf2.encoded, { 1: "10000001" })), reason: "malformed pbkdf2_sha256 hash" },
  { name: "pbkdf2_sha1 at 99,999,999 iterations", format: "pbkdf2_sha1", password: pbkdf2Sha1.password, encoded: fixed(withFields(pbkdf2Sha1.encoded, { 1: "99999999" })), reason: "malformed pbkdf2_sha1 hash" },
  {
    name: "pbkdf2_sha256 with a 20-byte digest (real)",
    format: "pbkdf2_sha256",
    password: pbkdf2.password,
    encoded: fixed(`pbkdf2_sha256$1000$seasalt$${b64(pbkdf2Sync(pbkdf2.password, "seasalt", 1000, 20, "sha256"))}`),
    reason: "malformed pbkdf2_sha256 hash",
  },
  // ASP.NET Identity v3: the same iteration cap, a known PRF, salt of 16+ bytes, subkey of 16..128.
  { name: "ASP.NET Identity v3 at 10,000,001 iterations", format: "aspnet_identity", password: aspNet.password, encoded: fixed(aspNetWithIterations(10_000_001)), reason: "malformed ASP.NET Identity hash" },
  { name: "ASP.NET Identity v3 with an unknown PRF", format: "aspnet_identity", password: aspNet.password, encoded: fixed(aspNetV3(3, 1000, Buffer.alloc(16, 1), Buffer.alloc(32, 2))), reason: "malformed ASP.NET Identity hash" },
  { name: "ASP.NET Identity v3 with a 129-byte subkey (real)", format: "aspnet_identity", password: aspNet.password, encoded: fixed(realAspNetV3(aspNet.password, 16, 129)), reason: "malformed ASP.NET Identity hash" },
  { name: "ASP.NET Identity v3 with a 15-byte salt (real)", format: "aspnet_identity", password: aspNet.password, encoded: fixed(realAspNetV3(aspNet.password, 15, 32)), reason: "malformed ASP.NET Identity hash" },
  // Django scrypt: N a power of two, 128·N·r at most 256 MiB, p at most 16, a 64-byte key.
  { name: "scrypt with N=3", format: "scrypt", password: scrypt.password, encoded: fixed(withFields(scrypt.encoded, { 1: "3" })), reason: "malformed scrypt hash" },
  { name: "scrypt with 128*N*r = 288 MiB (N=2^18, r=9)", format: "scrypt", password: scrypt.password, encoded: fixed(withFields(scrypt.encoded, { 1: String(2 ** 18), 3: "9" })), reason: "malformed scrypt hash" },
  { name: "scrypt with p=17 (real)", format: "scrypt", password: scrypt.password, encoded: () => new ScryptHasher({ n: 1024, r: 8, p: 17 }).encode(scrypt.password), reason: "malformed scrypt hash" },
  {
    name: "scrypt with a 32-byte key (real)",
    format: "scrypt",
    password: scrypt.password,
    encoded: fixed(`scrypt$1024$seasalt$8$1$${b64(scryptSync(scrypt.password, "seasalt", 32, { N: 1024, r: 8, p: 1 }))}`),
    reason: "malformed scrypt hash",
  },
  // argon2: t 1..32, p 1..64, 8·p <= m <= 1 GiB; version 16 at most 64 MiB x passes.
  { name: "argon2id with t=33 (real)", format: "argon2", password: argon2id.password, encoded: () => new Argon2Hasher({ memoryCost: 8, timeCost: 33, parallelism: 1 }).encode(argon2id.password), reason: "malformed argon2 hash" },
  { name: "argon2id with p=65 (real)", format: "argon2", password: argon2id.password, encoded: () => new Argon2Hasher({ memoryCost: 520, timeCost: 1, parallelism: 65 }).encode(argon2id.password), reason: "malformed argon2 hash" },
  { name: "argon2id with m above 1 GiB", format: "argon2", password: argon2id.password, encoded: fixed(withFields(argon2id.encoded, { 3: "m=1048577,t=2,p=8" })), reason: "malformed argon2 hash" },
  { name: "argon2id with m below 8*p", format: "argon2", password: argon2id.password, encoded: fixed(withFields(argon2id.encoded, { 3: "m=63,t=2,p=8" })), reason: "malformed argon2 hash" },
  { name: "argon2i version 16 above its work cap", format: "argon2", password: argon2V16.password, encoded: fixed(withFields(argon2V16.encoded, { 2: "m=65536,t=4,p=1" })), reason: "malformed argon2 hash" },
  // Digests: the login reads Django's lower-case hex (only unsalted md5 in either case).
  { name: "sha1$$ with upper-case hex (real)", format: "unsalted_sha1", password: unsaltedSha1.password, encoded: fixed(withFields(unsaltedSha1.encoded, { 2: unsaltedSha1.encoded.split("$")[2]!.toUpperCase() })), reason: "malformed unsalted_sha1 hash" },
  { name: "sha1$<salt>$ with upper-case hex (real)", format: "sha1", password: sha1.password, encoded: fixed(withFields(sha1.encoded, { 2: sha1.encoded.split("$")[2]!.toUpperCase() })), reason: "malformed sha1 hash" },
  { name: "md5$<salt>$ with a 40-hex digest", format: "md5", password: md5.password, encoded: fixed(withFields(md5.encoded, { 2: sha1.encoded.split("$")[2]! })), reason: "malformed md5 hash" },
  { name: "md5$$ with a 40-hex digest", format: "unsalted_md5", password: unsaltedMd5.password, encoded: fixed(withFields(unsaltedMd5.encoded, { 2: unsaltedSha1.encoded.split("$")[2]! })), reason: "malformed unsalted_md5 hash" },
  // bcrypt: costs 04..31.
  { name: "bcrypt at cost 03", format: "bcrypt", password: bcrypt.password, encoded: fixed(withFields(bcrypt.encoded, { 2: "03" })), reason: "malformed bcrypt hash" },
  { name: "bcrypt at cost 32", format: "bcrypt", password: bcrypt.password, encoded: fixed(withFields(bcrypt.encoded, { 2: "32" })), reason: "malformed bcrypt hash" },
  { name: "Django bcrypt$ at cost 03", format: "django_bcrypt", password: djangoBcrypt.password, encoded: fixed(withFields(djangoBcrypt.encoded, { 3: "03" })), reason: "malformed bcrypt hash" },
];

/** Real hashes at the edge of the login's limits: the login opens them, so the import must carry them. */
export const ACCEPTED_AT_LIMIT: LimitHash[] = [
  { name: "ASP.NET Identity v3 with a 128-byte subkey and a 16-byte salt", format: "aspnet_identity", password: aspNet.password, encoded: fixed(realAspNetV3(aspNet.password, 16, 128)) },
  { name: "scrypt with p=16", format: "scrypt", password: scrypt.password, encoded: () => new ScryptHasher({ n: 1024, r: 8, p: 16 }).encode(scrypt.password) },
  { name: "scrypt with N=2, r=1", format: "scrypt", password: scrypt.password, encoded: () => new ScryptHasher({ n: 2, r: 1, p: 1 }).encode(scrypt.password) },
  { name: "argon2id with t=32", format: "argon2", password: argon2id.password, encoded: () => new Argon2Hasher({ memoryCost: 8, timeCost: 32, parallelism: 1 }).encode(argon2id.password) },
  { name: "argon2id with p=64 and m=8*p", format: "argon2", password: argon2id.password, encoded: () => new Argon2Hasher({ memoryCost: 512, timeCost: 1, parallelism: 64 }).encode(argon2id.password) },
  { name: "md5$$ with upper-case hex", format: "unsalted_md5", password: unsaltedMd5.password, encoded: fixed(withFields(unsaltedMd5.encoded, { 2: unsaltedMd5.encoded.split("$")[2]!.toUpperCase() })) },
];
