import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Temp files being written, removed if the process is interrupted (SIGINT/SIGTERM) mid-write. */
const pending = new Set<string>();
let cleanupInstalled = false;

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      for (const tmp of pending) rmSync(tmp, { force: true });
      process.kill(process.pid, signal); // the default handler is back: die of the signal as usual
    });
  }
}

/** Flushes a file (or directory) to disk. */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Produces `path` atomically: `write` fills a fresh temp name beside it (same directory, so the same file
 * system); the temp file is flushed, checked by `verify`, then renamed over `path` and the directory flushed.
 * Readers see the old file or the new one, never half of one. On failure the temp file is removed.
 */
export async function writeAtomically<T>(
  path: string,
  write: (tmp: string) => Promise<void>,
  verify: (tmp: string) => Promise<T>,
  beforeRename?: () => Promise<void>,
  opts: { createDir?: boolean } = {},
): Promise<T> {
  installCleanup();
  const dir = dirname(path);
  if (opts.createDir !== false) await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  pending.add(tmp);
  try {
    await write(tmp);
    await fsyncPath(tmp);
    const result = await verify(tmp);
    await beforeRename?.();
    await rename(tmp, path);
    await fsyncPath(dir).catch(() => {}); // not every file system lets a directory be opened
    return result;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    pending.delete(tmp);
  }
}
