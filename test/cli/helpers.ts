import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(ROOT, "bin/duban.js");
export const SAMPLE = "samples/示例县2025年政府工作报告.txt";
export const CORPUS = resolve(ROOT, "../shared/corpus");
export const HAS_CORPUS = existsSync(CORPUS);

/** Compiles src/ to dist/ exactly as `npm run build` does; a type error fails the suite. */
export async function buildCli(): Promise<void> {
  try {
    await promisify(execFile)("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`build failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stderr split into lines, without the trailing empty one. */
  errLines: string[];
}

/** Runs `node bin/duban.js ARGS` from the project root with a clean duban environment. */
export function runCli(
  args: readonly string[],
  opts: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  for (const k of Object.keys(env)) if (k.startsWith("DUBAN_") && !opts.env?.[k]) delete env[k];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.stdin.on("error", () => {}); // the CLI may stop reading stdin early (size limit): EPIPE is expected
    child.on("error", fail);
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      done({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr,
        errLines: stderr.split("\n").filter((l) => l !== ""),
      });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** The JSON Lines of stdout, parsed. */
export function jsonLines(stdout: string): unknown[] {
  const lines = stdout.split("\n");
  if (lines.pop() !== "") throw new Error("JSON Lines output must end with a newline");
  return lines.map((l) => JSON.parse(l) as unknown);
}

/** A stack frame line as V8 prints it. */
export const STACK_FRAME = /^\s+at .+/m;
