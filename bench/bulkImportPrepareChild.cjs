"use strict";
// bulk_import_prepare's measured process: the built code only (npm run bench builds it first),
// no ts-node, so its RSS is what bulk-import's preparing costs. Reads {users, hashes} from argv[2];
// prints the figures as JSON.
const path = require("node:path");
const dist = path.resolve(__dirname, "../dist/src");
const { createHasherRegistry } = require(path.join(dist, "legacy/hashers/createHasherRegistry"));
const { emptySummary } = require(path.join(dist, "bulkImport/BulkImportSummary"));
const { ImportFileBuilder } = require(path.join(dist, "bulkImport/ImportFileBuilder"));

const { users, hashes } = JSON.parse(process.argv[2]);
const mb = () => process.memoryUsage().rss / 1024 / 1024;
const builder = new ImportFileBuilder(createHasherRegistry("bcrypt"), { idPrefix: "legacy-", emailVerified: false, requiresUsername: false }, emptySummary(null, true));
let files = 0;
let rssAt10k = 0;
let peak = 0;
const started = process.hrtime.bigint();
for (let i = 1; i <= users; i++) {
  const added = builder.add({ id: String(i), username: `user${i}`, email: `User${i}@Example.com`, password: hashes[i % hashes.length] });
  if (added.file) {
    files += 1;
    peak = Math.max(peak, mb());
  }
  if (i === Math.min(10_000, users)) rssAt10k = mb();
}
if (builder.flush()) files += 1;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(JSON.stringify({ users, seconds, files, rssAt10k, rssAtEnd: mb(), peak: Math.max(peak, mb()) }));
