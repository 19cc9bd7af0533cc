import type { Command } from "commander";
import type { AppContext } from "../../app/context.js";
import type { IngestInput, IngestResult } from "../../app/ingestReport.js";
import { formatBytes } from "../../core/read/fail.js";
import { parseMegabytes } from "../config.js";
import type { CliContext } from "../context.js";
import { describeFailure } from "../errors.js";
import { collectInputs, inputLimits, readInput, stdinNamedOnce } from "../inputs.js";
import { writeStdout } from "../output.js";
import { createReporter } from "../progress.js";
import { padTo } from "../width.js";

interface IngestOptions {
  maxSize?: number;
}

export function registerIngest(program: Command, ctx: CliContext): void {
  program
    .command("ingest")
    .description("extract reports and store them in the ledger, one transaction per report")
    .argument("<paths...>", "report files, directories (walked recursively) or - for stdin")
    .option(
      "--max-size <mb>",
      `refuse inputs larger than this (default: DUBAN_MAX_INPUT_MB or ${formatBytes(ctx.config.maxInputBytes)})`,
      parseMegabytes,
    )
    .addHelpText(
      "after",
      `
Each report is stored in its own transaction: the same bytes are one report (unchanged on a rerun), and a
report stored by an older extractor is re-extracted in place. Interrupting is safe: no report is left half
stored, and running the same command again stores the rest.

The ledger is --db URL, else DATABASE_URL, else the SQLite file $DUBAN_DATA/duban.sqlite
(default ~/.local/share/duban/duban.sqlite).

Exit codes: 0 all inputs stored or unchanged, 1 some input failed, 2 usage error (bad option, no such path).`,
    )
    .action(async (paths: string[], opts: IngestOptions, cmd: Command) => {
      ctx.exitCode = await runIngest(paths, opts, ctx, cmd);
    });
}

type Status = IngestResult["status"] | "failed";

async function runIngest(
  paths: readonly string[],
  opts: IngestOptions,
  ctx: CliContext,
  cmd: Command,
): Promise<number> {
  const { config, log, debug } = ctx;
  const limits = inputLimits(opts.maxSize, config);
  if (!stdinNamedOnce(paths)) return 2;
  const { dbFlag, openTarget, resolveTarget } = await import("../database.js");
  const target = resolveTarget(ctx, dbFlag(cmd));
  const inputs = await collectInputs(paths);
  const db = await openTarget(target);
  const { SYSTEM_ACTOR } = await import("../../app/actor.js");
  const { systemContext } = await import("../../app/context.js");
  const app = systemContext(db, SYSTEM_ACTOR);
  log.debug({ paths, inputs: inputs.length, db: db.location, limits }, "ingest");

  const counts: Record<Status, number> = { new: 0, unchanged: 0, reextracted: 0, restored: 0, failed: 0 };
  const failures: string[] = [];
  let usage = false;
  const reporter = createReporter(inputs.length, { debug });
  try {
    for (const input of inputs) {
      try {
        const started = performance.now();
        const bytes = await readInput(input, limits.maxInputBytes);
        const result = await ingestOnce(app, { bytes, path: input.path, limits });
        counts[result.status]++;
        log.debug({ path: input.path, ...result, ms: Math.round(performance.now() - started) }, "ingested");
      } catch (err) {
        counts.failed++;
        if (input.kind === "invalid" && input.usage) usage = true;
        const line = describeFailure(input.path, err, debug);
        failures.push(line.replace(/^duban: /, ""));
        reporter.line(line);
      }
      reporter.tick(input.path);
    }
  } finally {
    reporter.stop();
    await db.close();
  }
  await writeStdout(summary(db.location, inputs.length, counts, failures));
  return usage ? 2 : counts.failed > 0 ? 1 : 0;
}

/**
 * One report through ingestReport, whose transaction is all or nothing, so a failed attempt can simply be
 * tried again:
 * - another process stored the same bytes between our look-up and our insert: the unique sha256 refuses
 *   ours; that report is there, complete, so the retry finds it and it counts as unchanged;
 * - SQLite refuses to upgrade a read transaction to a write after another process has committed
 *   (SQLITE_BUSY without waiting), PostgreSQL may pick us as a deadlock victim: try again after a pause.
 */
async function ingestOnce(app: AppContext, input: IngestInput): Promise<IngestResult> {
  const { ingestReport } = await import("../../app/ingestReport.js");
  let raced = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await ingestReport(app, input);
      return raced && result.status !== "new" ? { ...result, status: "unchanged" } : result;
    } catch (err) {
      const kind = retryable(err);
      if (!kind || attempt >= MAX_ATTEMPTS) throw err;
      if (kind === "duplicate") raced = true;
      else await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

const MAX_ATTEMPTS = 8;

function retryable(err: unknown): "duplicate" | "busy" | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return null;
  if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE") return "duplicate";
  if (code.startsWith("SQLITE_BUSY") || code === "40001" || code === "40P01") return "busy";
  return null;
}

function summary(location: string, total: number, c: Record<Status, number>, failures: string[]): string {
  const rows: [string, string, number][] = [
    ["新增", "new", c.new],
    ["未变", "unchanged", c.unchanged],
    ["重新抽取", "re-extracted", c.reextracted],
    ...(c.restored > 0 ? [["恢复", "restored", c.restored] as [string, string, number]] : []),
    ["失败", "failed", c.failed],
  ];
  const lines = [`入库 ingest: ${total} file${total === 1 ? "" : "s"} → ${location}`];
  for (const [zh, en, n] of rows) lines.push(`  ${padTo(`${zh} ${en}:`, 22)} ${n}`);
  for (const f of failures) lines.push(`    ${f}`);
  return `${lines.join("\n")}\n`;
}
