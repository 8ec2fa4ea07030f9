import { execFileSync } from "node:child_process";
import path from "node:path";
import { Argon2Hasher } from "../src/legacy/hashers/Argon2Hasher";
import { BcryptHasher } from "../src/legacy/hashers/BcryptHasher";
import { DjangoPbkdf2Hasher } from "../src/legacy/hashers/DjangoPbkdf2Hasher";
import { ScryptHasher } from "../src/legacy/hashers/ScryptHasher";
import { round } from "./support";

export interface BulkImportPrepareResult {
  users: number;
  users_per_s: number;
  files: number;
  rss_mb_at_10k: number;
  rss_mb_at_end: number;
  peak_rss_mb: number;
}

/**
 * One real hash per family, encoded once (costs do not matter: nothing is verified here):
 * bcrypt-10, bcrypt-4, pbkdf2_sha256, argon2, scrypt, md5, unsalted md5, phpass (not importable).
 */
export async function mixedLegacyHashes(): Promise<string[]> {
  return [
    await new BcryptHasher(10).encode("bench"),
    await new BcryptHasher(4).encode("bench"),
    await new DjangoPbkdf2Hasher("pbkdf2_sha256", "sha256", 1000).encode("bench"),
    await new Argon2Hasher({ memoryCost: 64, timeCost: 1, parallelism: 1 }).encode("bench"),
    await new ScryptHasher({ n: 1024, r: 8, p: 1 }).encode("bench"),
    "md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3",
    "88a434c88cca4e900f7874cd98123f43",
    "$P$8ohUJ.1sdFw09/bMaAQPTGDNi2BIUt1",
  ];
}

/**
 * The CPU side of bulk-import: identify, convert, build the record and pack into 500 KB files,
 * for users of mixed formats (no database, no Auth0: those are I/O), in a process of its own
 * running the built code (bench/bulkImportPrepareChild.cjs), so that its RSS is the work's and
 * not the bench's. RSS is read at 10,000 users, at each file and at the end: the builder holds
 * one file at a time, so it must stay flat.
 */
export async function bulkImportPrepareBench(users: number): Promise<BulkImportPrepareResult> {
  const hashes = await mixedLegacyHashes();
  const out = execFileSync(process.execPath, [path.join(__dirname, "bulkImportPrepareChild.cjs"), JSON.stringify({ users, hashes })], { encoding: "utf8", maxBuffer: 1 << 20 });
  const r = JSON.parse(out) as { users: number; seconds: number; files: number; rssAt10k: number; rssAtEnd: number; peak: number };
  return {
    users,
    users_per_s: round(r.users / r.seconds),
    files: r.files,
    rss_mb_at_10k: round(r.rssAt10k),
    rss_mb_at_end: round(r.rssAtEnd),
    peak_rss_mb: round(r.peak),
  };
}
