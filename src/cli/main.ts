import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerBackup } from "./commands/backup.js";
import { registerDb } from "./commands/db.js";
import { registerExtract } from "./commands/extract.js";
import { registerIngest } from "./commands/ingest.js";
import { registerServe } from "./commands/serve.js";
import { registerUser } from "./commands/user.js";
import { loadConfig } from "./config.js";
import type { CliContext } from "./context.js";
import { asDubanError, describeFailure } from "./errors.js";
import { createLogger } from "./logger.js";

/** Runs `duban` with `argv` (as in process.argv) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // Known before anything can fail, so that every failure can honour it.
  const args = argv.slice(2);
  const dashDash = args.indexOf("--");
  const debug = (dashDash === -1 ? args : args.slice(0, dashDash)).includes("--debug");
  const log = createLogger(debug);

  let ctx: CliContext;
  try {
    ctx = { config: loadConfig(process.env), log, debug, exitCode: 0 };
  } catch (err) {
    process.stderr.write(`${describeFailure(asDubanError(err)?.details.target, err, debug)}\n`);
    return 2;
  }
  // Database URLs may carry a password: never in the logs.
  const redact = (v: string) => v.replace(/(\/\/[^:@/]*):[^@/]*@/, "$1:***@");
  log.debug(
    {
      config: { ...ctx.config, databaseUrl: ctx.config.databaseUrl && redact(ctx.config.databaseUrl) },
      argv: args.map(redact),
    },
    "start",
  );

  const program = new Command("duban")
    .description("督办 duban — extract every figure and task from Chinese government work reports")
    .version(packageVersion(), "-V, --version")
    .option("--debug", "print stack traces and debug logs on stderr")
    .option(
      "--db <url>",
      "the ledger: sqlite:PATH, a file path or postgres://… (default: DATABASE_URL, else the SQLite file in DUBAN_DATA)",
    )
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`duban: ${str.replace(/^error: /, "")}`) })
    .showHelpAfterError("(run with --help for usage)");
  registerExtract(program, ctx);
  registerIngest(program, ctx);
  registerServe(program, ctx);
  registerDb(program, ctx);
  registerBackup(program, ctx);
  registerUser(program, ctx);

  try {
    await program.parseAsync(argv as string[]);
    return ctx.exitCode;
  } catch (err) {
    // Commander's own errors (unknown option, missing argument) are usage errors: 2; --help/--version: 0.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const known = asDubanError(err);
    process.stderr.write(`${describeFailure(known?.details.target, err, debug)}\n`);
    return known?.code === "INVALID_ARGUMENT" || known?.code === "NOT_FOUND" ? 2 : 1;
  }
}

function packageVersion(): string {
  // dist/cli/main.js and src/cli/main.ts both sit two levels below package.json.
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  // The reader went away (`duban extract … | head`): stop quietly.
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv);
