import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { writeAtomically } from "../app/atomicFile.js";
import { DubanError, ErrorCode } from "../core/errors.js";
import { asDubanError } from "./errors.js";

/** Writes to stdout, waiting when the pipe is full so memory stays flat on large runs. */
export async function writeStdout(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
}

/**
 * Writes `content` to `path` atomically: into a temp file beside it, flushed to disk, then renamed over
 * `path`. Readers see the old file or the new one, never half.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await writeAtomically(
    path,
    (tmp) => writeFile(tmp, content, { flag: "wx" }),
    async () => undefined,
    undefined,
    // The --out directory is prepared (and checked) once up front; a missing one here is an error.
    { createDir: false },
  );
}

/** Creates the `--out` directory if missing; a path that exists but is no directory is a usage error. */
export async function prepareOutDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const known =
      code === "EEXIST" || code === "ENOTDIR"
        ? new DubanError(ErrorCode.InvalidArgument, "exists and is not a directory", "已存在且不是目录")
        : asDubanError(err);
    if (!known) throw err;
    throw known.withTarget(dir);
  }
}

/**
 * Chooses one output file name per input: the input's name without its extension plus `suffix`; a name
 * taken already in this run (same name from another directory, a.txt beside a.html) or naming one of the
 * inputs themselves gets "-2", "-3", … before the suffix.
 */
export class OutNames {
  private readonly taken = new Set<string>();
  private readonly protectedPaths: Set<string>;

  constructor(
    private readonly dir: string,
    private readonly suffix: string,
    inputPaths: readonly string[],
  ) {
    this.protectedPaths = new Set(inputPaths.map((p) => resolve(p)));
  }

  next(inputPath: string, isStdin: boolean): string {
    const base = isStdin ? "stdin" : basename(inputPath, extname(inputPath)) || "output";
    for (let n = 1; ; n++) {
      const name = `${base}${n === 1 ? "" : `-${n}`}${this.suffix}`;
      const path = join(this.dir, name);
      const key = name.toLowerCase(); // case-insensitive file systems clash on case too
      if (this.taken.has(key) || this.protectedPaths.has(resolve(path))) continue;
      this.taken.add(key);
      return path;
    }
  }
}
