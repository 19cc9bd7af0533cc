import { InvalidArgumentError } from "commander";
import { z } from "zod";
import { DubanError, ErrorCode } from "../core/errors.js";
import { DEFAULT_READ_LIMITS } from "../core/read/types.js";

/** One megabyte as duban counts it: 2^20 bytes. */
export const MB = 1024 * 1024;

/** Everything the CLI takes from its environment, parsed once at start-up. */
export interface CliConfig {
  /** Largest input accepted, in bytes (DUBAN_MAX_INPUT_MB, default 64). */
  maxInputBytes: number;
  /** Largest total decompressed size of a DOCX archive, in bytes (DUBAN_MAX_DECOMPRESSED_MB, default 64). */
  maxDecompressedBytes: number;
  /** Width for `--format table` when stdout is not a terminal (COLUMNS, default 120). */
  columns: number;
  /**
   * The ledger database as given in DATABASE_URL (`sqlite:PATH`, a path or `postgres://…`), unparsed: only
   * the commands that open the ledger read it (src/cli/database.ts), so a bad value does not stop `extract`.
   */
  databaseUrl: string | undefined;
  /**
   * What decides where the default SQLite ledger lives (DUBAN_DATA, else $XDG_DATA_HOME/duban, else
   * ~/.local/share/duban; see defaultDataDir in src/db/database.ts, not imported here to keep start-up light).
   */
  dataEnv: { DUBAN_DATA?: string; XDG_DATA_HOME?: string };
}

const DEFAULT_COLUMNS = 120;

/** A positive number of megabytes, as typed on the command line or in the environment. */
export const Megabytes = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, "must be a positive number of megabytes")
  .transform(Number)
  .refine((n) => n > 0 && Number.isFinite(n * MB), "must be a positive number of megabytes");

const unsetIfEmpty = (v: unknown) => (v === "" ? undefined : v);

const Env = z.object({
  DUBAN_MAX_INPUT_MB: z.preprocess(unsetIfEmpty, Megabytes.optional()),
  DUBAN_MAX_DECOMPRESSED_MB: z.preprocess(unsetIfEmpty, Megabytes.optional()),
  // COLUMNS is set by shells for their own use; a value we cannot use is ignored rather than fatal.
  COLUMNS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(20).max(1000).optional().catch(undefined)),
  DATABASE_URL: z.preprocess(unsetIfEmpty, z.string().trim().optional()),
  DUBAN_DATA: z.preprocess(unsetIfEmpty, z.string().optional()),
  XDG_DATA_HOME: z.preprocess(unsetIfEmpty, z.string().optional()),
});

/** Parses the environment; a bad value throws a DubanError naming the variable (the CLI exits 2). */
export function loadConfig(env: NodeJS.ProcessEnv): CliConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    const got = env[name];
    throw new DubanError(
      ErrorCode.InvalidArgument,
      `${issue?.message ?? "invalid value"}, got ${JSON.stringify(got)}`,
      `环境变量取值无效，应为正数（单位 MB）`,
      { target: name },
    );
  }
  const e = parsed.data;
  return {
    maxInputBytes:
      e.DUBAN_MAX_INPUT_MB !== undefined
        ? mbToBytes(e.DUBAN_MAX_INPUT_MB)
        : DEFAULT_READ_LIMITS.maxInputBytes,
    maxDecompressedBytes:
      e.DUBAN_MAX_DECOMPRESSED_MB !== undefined
        ? mbToBytes(e.DUBAN_MAX_DECOMPRESSED_MB)
        : DEFAULT_READ_LIMITS.maxDecompressedBytes,
    columns: e.COLUMNS ?? DEFAULT_COLUMNS,
    databaseUrl: e.DATABASE_URL || undefined,
    dataEnv: {
      ...(e.DUBAN_DATA ? { DUBAN_DATA: e.DUBAN_DATA } : {}),
      ...(e.XDG_DATA_HOME ? { XDG_DATA_HOME: e.XDG_DATA_HOME } : {}),
    },
  };
}

export function mbToBytes(mb: number): number {
  return Math.floor(mb * MB);
}

/** commander parser for flags given in megabytes (--max-size). */
export function parseMegabytes(value: string): number {
  const parsed = Megabytes.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError("must be a positive number of megabytes.");
  return parsed.data;
}
