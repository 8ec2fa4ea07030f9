import { Command, CommanderError, Option } from "commander";
import type { EmulatorCommandOptions } from "./commands/emulator";
import { isoDate, nonNegativeInt, positiveInt, positiveNumber } from "./commands/optionParsers";
import type { SendResetEmailsOptions } from "./commands/sendResetEmails";
import { ConfigError } from "../src/errors";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

// Each command loads its own code when it runs (require, not import: the compiled CLI is
// CommonJS), so `--help` and the light commands do not pay for the whole service.

function buildProgram(): Command {
  const program = new Command();
  program
    .name("auth0-migrate")
    .description("Move a legacy user database into Auth0 as users log in, without password resets.")
    .showHelpAfterError()
    .exitOverride();

  program
    .command("serve")
    .description("start the login service (with no AUTH0_DOMAIN: the sandbox, on a local Auth0 emulator, with a demo application behind /auth/verify on DEMO_APP_PORT, default PORT+1)")
    .action(() => (require("./commands/serve") as typeof import("./commands/serve")).runServe());

  program
    .command("db:migrate")
    .description("create or update the service's own tables (auth0_links, migration state, sessions)")
    .action(() => (require("./commands/dbMigrate") as typeof import("./commands/dbMigrate")).runDbMigrate());

  program
    .command("emulator")
    .description("run the local Auth0 emulator on its own (for separate processes, benchmarks, demos)")
    .option("--port <port>", "port on 127.0.0.1", "4001")
    .option("--client-id <id>", "client id the emulator accepts", "emulator-client")
    .option("--client-secret <secret>", "client secret the emulator accepts", "emulator-secret")
    .option("--connection <name>", "database connection name", "Username-Password-Authentication")
    .option("--requires-username", "the connection requires usernames", false)
    .option("--state-file <path>", "keep the emulated users in this JSON file across restarts")
    .option("--tls", "serve HTTPS with a self-signed certificate written to --data-dir (prints the NODE_EXTRA_CA_CERTS line)", false)
    .option("--data-dir <dir>", "where --tls keeps its certificate and key", process.env.DATA_DIR || ".data")
    .addOption(
      new Option("--password-policy <policy>", "the connection's password policy")
        .choices(["none", "low", "fair", "good", "excellent"])
        .default("good"),
    )
    .action((opts: EmulatorCommandOptions) => (require("./commands/emulator") as typeof import("./commands/emulator")).runEmulator(opts));

  program
    .command("migrate-status")
    .description("where the migration stands: migrated, stuck (pending, conflict, weak_password, no_email), emailed, recent pace, ETA")
    .option("--json", "print the report as one JSON document")
    .action((opts: { json?: boolean }) => (require("./commands/migrateStatus") as typeof import("./commands/migrateStatus")).runMigrateStatus(opts));

  program
    .command("send-reset-emails")
    .description("email a password-reset link to active, unmigrated users with a usable email and password")
    .option("--dry-run", "count and show a sample; send nothing")
    .option("--limit <n>", "at most this many users in the campaign", positiveInt)
    .option("--rate <n>", "messages per second (this process)", positiveNumber)
    .option("--last-login-before <date>", "only users whose last login is before this date (or never)", isoDate)
    .option("--resend-after <days>", "skip users emailed by any campaign within this many days", nonNegativeInt)
    .option("--campaign <name>", "campaign name; rerunning a campaign resumes it (default: campaign-<today>)")
    .option("--concurrency <n>", "messages in flight at once (this process)", positiveInt)
    .option("--claim-timeout <seconds>", "after this long, another worker takes over a dead worker's claimed emails", positiveInt, 120)
    .option("--json", "print the summary as one JSON document")
    .action((opts: SendResetEmailsOptions) =>
      (require("./commands/sendResetEmails") as typeof import("./commands/sendResetEmails")).runSendResetEmails(opts),
    );

  program
    .command("reconcile")
    .description("compare auth0_links with the Auth0 connection's users; --fix removes links to deleted Auth0 users")
    .option("--fix", "repair what is provably safe (links whose Auth0 user is gone); list the rest")
    .option("--json", "print the report as one JSON document")
    .action((opts: { fix?: boolean; json?: boolean }) => (require("./commands/reconcile") as typeof import("./commands/reconcile")).runReconcile(opts));

  program
    .command("bulk-import")
    .description("day-one import into Auth0 of every active, unlinked user with an address of their own whose legacy hash Auth0 can verify")
    .option("--dry-run", "per format, how many users are importable and why not, and what of an unfinished run would be resumed; send nothing")
    .option("--limit <n>", "at most this many importable users", positiveInt)
    .option("--json", "print the summary as one JSON document")
    .option("--poll-interval <ms>", "how often to ask Auth0 about running jobs", positiveInt, 2000)
    .action(async (opts) => {
      // Loaded on use: the other commands do not pay for the import's modules.
      // require, not import(): the compiled CommonJS and ts-jest both resolve it as written.
      const { runBulkImport } = require("./commands/bulkImport") as typeof import("./commands/bulkImport");
      await runBulkImport(opts);
    });

  return program;
}

/** Runs the CLI; resolves to the exit code (long-running commands resolve when they stop). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
        return EXIT_OK;
      }
      return EXIT_USAGE;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`auth0-migrate: configuration error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`auth0-migrate: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  }
}
