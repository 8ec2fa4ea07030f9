import { Argon2Hasher } from "../src/legacy/hashers/Argon2Hasher";
import { BcryptHasher } from "../src/legacy/hashers/BcryptHasher";
import { createHasherRegistry } from "../src/legacy/hashers/createHasherRegistry";
import { DjangoPbkdf2Hasher } from "../src/legacy/hashers/DjangoPbkdf2Hasher";
import { ScryptHasher } from "../src/legacy/hashers/ScryptHasher";
import { emptySummary } from "../src/bulkImport/BulkImportSummary";
import { ImportFileBuilder } from "../src/bulkImport/ImportFileBuilder";
import { round } from "./support";

export interface BulkImportPrepareResult {
  users: number;
  users_per_s: number;
  files: number;
  rss_mb_at_10k: number;
  rss_mb_at_end: number;
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
 * for users of mixed formats (no database, no Auth0: those are I/O). RSS is sampled at 10,000
 * users and at the end: the builder holds one file at a time, so it must stay flat.
 */
export async function bulkImportPrepareBench(users: number): Promise<BulkImportPrepareResult> {
  const hashes = await mixedLegacyHashes();
  const registry = createHasherRegistry("bcrypt");
  const summary = emptySummary(null, true);
  const builder = new ImportFileBuilder(registry, { idPrefix: "legacy-", emailVerified: false, requiresUsername: false }, summary);
  let files = 0;
  let rssAt10k = 0;
  const started = process.hrtime.bigint();
  for (let i = 1; i <= users; i++) {
    const added = builder.add({ id: String(i), username: `user${i}`, email: `User${i}@Example.com`, password: hashes[i % hashes.length] as string });
    if (added.file) files += 1;
    if (i === Math.min(10_000, users)) rssAt10k = process.memoryUsage().rss / 1024 / 1024;
  }
  if (builder.flush()) files += 1;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    users,
    users_per_s: round(users / seconds),
    files,
    rss_mb_at_10k: round(rssAt10k),
    rss_mb_at_end: round(process.memoryUsage().rss / 1024 / 1024),
  };
}
