import { type Command, Option } from "commander";
import { extractBytes } from "../../core/pipeline.js";
import { formatBytes } from "../../core/read/fail.js";
import { parseMegabytes } from "../config.js";
import type { CliContext } from "../context.js";
import { describeFailure } from "../errors.js";
import { collectInputs, type Input, inputLimits, readInput, stdinNamedOnce } from "../inputs.js";
import { OutNames, prepareOutDir, writeFileAtomic, writeStdout } from "../output.js";
import { createReporter } from "../progress.js";
import { OUT_SUFFIX, OUTPUT_FORMATS, type OutputFormat, renderJson, renderTable } from "../render.js";

interface ExtractOptions {
  format: OutputFormat;
  out?: string;
  maxSize?: number;
}

export function registerExtract(program: Command, ctx: CliContext): void {
  program
    .command("extract")
    .description("extract every figure and task from government work reports (txt, html, docx, pdf)")
    .argument("<paths...>", "report files, directories (walked recursively) or - for stdin")
    .addOption(
      new Option(
        "-f, --format <format>",
        "json: JSON Lines, one object per file; table: for reading; text: the decoded text the offsets index",
      )
        .choices(OUTPUT_FORMATS)
        .default("json"),
    )
    .option("-o, --out <dir>", "write one file per input into <dir> instead of stdout")
    .option(
      "--max-size <mb>",
      `refuse inputs larger than this (default: DUBAN_MAX_INPUT_MB or ${formatBytes(ctx.config.maxInputBytes)})`,
      parseMegabytes,
    )
    .addHelpText(
      "after",
      `
Output goes to stdout in input order; one line per failed input goes to stderr and the others still run.

Environment:
  DUBAN_MAX_INPUT_MB         largest input in MB (default 64); --max-size overrides it
  DUBAN_MAX_DECOMPRESSED_MB  largest decompressed DOCX in MB (default 64)

Exit codes: 0 all inputs extracted, 1 some input failed, 2 usage error (bad option, no such path).`,
    )
    .action(async (paths: string[], opts: ExtractOptions) => {
      ctx.exitCode = await runExtract(paths, opts, ctx);
    });
}

/** Extracts every input in order; returns the exit code (0 ok, 1 some input failed, 2 a path does not exist). */
export async function runExtract(
  paths: readonly string[],
  opts: ExtractOptions,
  ctx: CliContext,
): Promise<number> {
  const { config, log, debug } = ctx;
  const limits = inputLimits(opts.maxSize, config);
  if (!stdinNamedOnce(paths)) return 2;
  const inputs = await collectInputs(paths);
  log.debug({ paths, inputs: inputs.length, format: opts.format, out: opts.out, limits }, "extract");

  let names: OutNames | null = null;
  if (opts.out !== undefined) {
    await prepareOutDir(opts.out);
    names = new OutNames(
      opts.out,
      OUT_SUFFIX[opts.format],
      inputs.filter((i) => i.kind === "file").map((i) => i.path),
    );
  }
  const width = process.stdout.isTTY ? process.stdout.columns : config.columns;
  const headed = opts.format === "text" && names === null && inputs.length > 1;

  const reporter = createReporter(inputs.length, { debug });
  let failed = 0;
  let usage = false;
  try {
    for (const input of inputs) {
      try {
        const rendered = await extractOne(input, opts.format, limits, width, ctx, reporter.line);
        if (names) {
          await writeFileAtomic(names.next(input.path, input.kind === "stdin"), rendered);
        } else {
          // Several texts on stdout need a separator (as `head` prints one); a single text stays exact.
          if (headed) await writeStdout(`==> ${input.path} <==\n`);
          await writeStdout(rendered);
          if (headed && !rendered.endsWith("\n")) await writeStdout("\n");
        }
      } catch (err) {
        failed++;
        if (input.kind === "invalid" && input.usage) usage = true;
        reporter.line(describeFailure(input.path, err, debug));
      }
      reporter.tick(input.path);
    }
  } finally {
    reporter.stop();
  }
  log.debug({ inputs: inputs.length, failed }, "done");
  return usage ? 2 : failed > 0 ? 1 : 0;
}

async function extractOne(
  input: Input,
  format: OutputFormat,
  limits: { maxInputBytes: number; maxDecompressedBytes: number },
  width: number,
  ctx: CliContext,
  warn: (line: string) => void,
): Promise<string> {
  const started = performance.now();
  const bytes = await readInput(input, limits.maxInputBytes);
  const { extraction, text, warnings } = await extractBytes(bytes, input.path, limits);
  ctx.log.debug(
    {
      path: input.path,
      bytes: bytes.length,
      ms: Math.round(performance.now() - started),
      facts: extraction.facts.length,
      tasks: extraction.tasks.length,
    },
    "extracted",
  );
  for (const w of warnings) warn(`duban: ${input.path}: warning: ${w}`);
  switch (format) {
    case "json":
      return renderJson(extraction);
    case "text":
      return text;
    case "table":
      return renderTable(extraction, width);
  }
}
