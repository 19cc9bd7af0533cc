import { createReadStream } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { DubanError, ErrorCode } from "../core/errors.js";
import type { ReadLimits } from "../core/read/types.js";
import { type CliConfig, mbToBytes } from "./config.js";
import { asDubanError, tooLarge } from "./errors.js";

export const STDIN_PATH = "<stdin>";

/** One thing to extract, in the order the user will see the output. */
export type Input =
  /** A file: `regular` is false for FIFOs and devices named on the command line (read as a stream). */
  | { kind: "file"; path: string; size: number; regular: boolean }
  | { kind: "stdin"; path: typeof STDIN_PATH }
  /** A path that cannot be read: reported in its place. `usage` errors (no such path) make the exit code 2. */
  | { kind: "invalid"; path: string; error: DubanError; usage: boolean };

/** Names that are never reports: OS and editor litter. Hidden files (".x") are skipped as well. */
const LITTER = /^(?:Thumbs\.db|desktop\.ini|~\$.*|.*~|.*\.(?:swp|tmp|part|crdownload))$/i;

export function isSkippedName(name: string): boolean {
  return name.startsWith(".") || LITTER.test(name);
}

/**
 * Expands the command-line paths: files as given (even hidden ones — the user named them), directories walked
 * recursively in code-point order, "-" as stdin. Never throws for a bad path; it becomes an `invalid` input.
 */
export async function collectInputs(args: readonly string[]): Promise<Input[]> {
  const inputs: Input[] = [];
  const seenDirs = new Set<string>();
  for (const arg of args) {
    if (arg === "-") {
      inputs.push({ kind: "stdin", path: STDIN_PATH });
      continue;
    }
    try {
      const st = await stat(arg);
      if (st.isDirectory()) {
        const before = inputs.length;
        await walk(arg, inputs, seenDirs);
        if (inputs.length === before) inputs.push(invalid(arg, emptyDir(), false));
      } else {
        inputs.push({ kind: "file", path: arg, size: st.size, regular: st.isFile() });
      }
    } catch (err) {
      const known = asDubanError(err);
      if (!known) throw err;
      inputs.push(invalid(arg, known, known.code === "NOT_FOUND"));
    }
  }
  return inputs;
}

async function walk(dir: string, out: Input[], seenDirs: Set<string>): Promise<void> {
  const real = await realpath(dir);
  if (seenDirs.has(real)) return; // a symlink loop, or the same directory named twice
  seenDirs.add(real);
  const names = (await readdir(dir)).filter((n) => !isSkippedName(n)).sort(byCodePoint);
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = await stat(path); // follows symlinks
      if (st.isDirectory()) await walk(path, out, seenDirs);
      else if (st.isFile()) out.push({ kind: "file", path, size: st.size, regular: true });
      // sockets, FIFOs and devices inside a tree are not reports: skipped
    } catch (err) {
      const known = asDubanError(err);
      if (!known) throw err;
      if (known.code !== "NOT_FOUND") out.push(invalid(path, known, false)); // NOT_FOUND: dangling symlink
    }
  }
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function invalid(path: string, error: DubanError, usage: boolean): Input {
  return { kind: "invalid", path, error: error.withTarget(path), usage };
}

function emptyDir(): DubanError {
  return new DubanError(ErrorCode.NotFound, "directory holds no input files", "目录中没有可读取的文件");
}

/**
 * The bytes of one input, refusing anything over `limit`: a regular file by its size before it is opened,
 * a stream (stdin, FIFO) as soon as more than `limit` bytes have arrived.
 */
export async function readInput(input: Input, limit: number): Promise<Uint8Array> {
  switch (input.kind) {
    case "invalid":
      throw input.error;
    case "stdin":
      return readStream(process.stdin, limit);
    case "file":
      if (input.regular) {
        if (input.size > limit) throw tooLarge(limit, input.size);
        return readFile(input.path);
      }
      return readStream(createReadStream(input.path), limit);
  }
}

export async function readStream(stream: Readable, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    if (total > limit) {
      stream.destroy();
      throw tooLarge(limit, null);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}

/** Read limits for a run: `--max-size` in megabytes overrides the configured input limit. */
export function inputLimits(maxSizeMb: number | undefined, config: CliConfig): ReadLimits {
  return {
    maxInputBytes: maxSizeMb !== undefined ? mbToBytes(maxSizeMb) : config.maxInputBytes,
    maxDecompressedBytes: config.maxDecompressedBytes,
  };
}

/** stdin can be read once: naming `-` twice is a usage error, said on stderr. */
export function stdinNamedOnce(paths: readonly string[]): boolean {
  if (paths.filter((p) => p === "-").length <= 1) return true;
  process.stderr.write("duban: stdin (-) can be named only once (标准输入只能指定一次)\n");
  return false;
}
