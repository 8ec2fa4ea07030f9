import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { SdkImportJobsApi } from "../../src/auth0/SdkImportJobsApi";
import { BulkImportRunner } from "../../src/bulkImport/BulkImportRunner";
import { BulkImportStore } from "../../src/bulkImport/BulkImportStore";
import type { BulkImportSummary } from "../../src/bulkImport/BulkImportSummary";
import { ImportCandidateSource } from "../../src/bulkImport/ImportCandidateSource";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { resolveLegacySchema } from "../../src/legacy/legacyPresets";
import { createLogger } from "../../src/logger";
import { MigrationStore } from "../../src/migration/MigrationStore";
import { CONNECTION, TEST_CLIENT, type TestApp } from "./startTestApp";

/**
 * A real bulk import (BulkImportRunner, the SDK's jobs API) of the test app's legacy users into
 * its emulator, in this process, so that the users can then log in through the running service.
 */
export async function importInProcess(t: TestApp, owner = "import-test:1"): Promise<BulkImportSummary> {
  const db = t.testDb.db;
  const runner = new BulkImportRunner(
    new BulkImportStore(db),
    new ImportCandidateSource(db, resolveLegacySchema("default", { table: undefined, columns: {}, hashFormat: undefined })),
    createHasherRegistry("bcrypt"),
    { idPrefix: "legacy-", emailVerified: false, requiresUsername: false },
    new SdkImportJobsApi({ domain: t.emulator.domain, clientId: TEST_CLIENT.id, clientSecret: TEST_CLIENT.secret, fetch: loopbackFetch }),
    new MigrationStore(db),
    createLogger("silent"),
    { connection: CONNECTION, owner, leaseMs: 60_000, pollMs: 1, pageSize: 100, ownerGone: () => false },
  );
  return runner.start();
}
