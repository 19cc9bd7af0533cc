import { execFile } from "node:child_process";
import { DubanError, ErrorCode } from "../../core/errors.js";
import { notADubanBackup, wrongKind } from "./errors.js";
import { sniffBackup, writeAtomically } from "./files.js";

/** The Debian package that provides pg_dump and pg_restore. */
export const PG_CLIENT_PACKAGE = "postgresql-client";

/**
 * The connection URL without its password (which goes to the tools in PGPASSWORD, so it never shows in a
 * process list), and the environment to run them with.
 */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = "";
  // libpq wants postgresql:// or postgres://, both fine; node-only parameters are not ours to translate.
  return {
    dbname: u.toString(),
    env: { ...process.env, ...(password !== undefined ? { PGPASSWORD: password } : {}) },
  };
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(
          new DubanError(
            ErrorCode.Internal,
            `${tool} not found: install the PostgreSQL client tools (Debian/Ubuntu: apt-get install ${PG_CLIENT_PACKAGE}), of the server's major version or newer`,
            `未找到 ${tool}：请安装 PostgreSQL 客户端工具（Debian/Ubuntu：apt-get install ${PG_CLIENT_PACKAGE}）`,
          ),
        );
      }
      const detail = String(stderr).trim().split("\n").slice(0, 3).join("; ") || err.message;
      reject(new DubanError(ErrorCode.Internal, `${tool} failed: ${detail}`, `${tool} 执行失败：${detail}`));
    });
  });
}

/** Checks that a pg_dump archive holds the duban ledger (its table of contents lists the ledger tables). */
async function checkArchive(file: string, onBad: (why: string) => DubanError): Promise<void> {
  let toc: string;
  try {
    toc = await runTool("pg_restore", ["--list", file], process.env);
  } catch (err) {
    if (err instanceof DubanError && err.message.includes("not found")) throw err;
    throw onBad("pg_restore cannot read it");
  }
  for (const table of ["kysely_migration", "reports", "audit_log"]) {
    if (!new RegExp(`\\bTABLE public ${table}\\b`).test(toc)) throw onBad("it holds no duban ledger tables");
  }
}

/** A consistent dump of the ledger (pg_dump takes one snapshot; servers carry on), custom format. */
export async function backupPostgres(url: string, file: string): Promise<void> {
  const { dbname, env } = connection(url);
  await writeAtomically(
    file,
    async (tmp) => {
      await runTool("pg_dump", ["--format=custom", "--no-owner", "--file", tmp, "--dbname", dbname], env);
    },
    (tmp) =>
      checkArchive(
        tmp,
        (why) => new DubanError(ErrorCode.Internal, `backup check failed: ${why}`, "备份校验失败"),
      ),
  );
}

/**
 * Restores a pg_dump archive into the database of `url`, in one transaction: the ledger's objects are
 * dropped and recreated from the archive, or, if anything fails, nothing changes.
 */
export async function restorePostgres(file: string, url: string): Promise<void> {
  const kind = await sniffBackup(file);
  if (kind === "sqlite")
    throw wrongKind(
      file,
      "this is a SQLite backup: restore it with --db sqlite:PATH",
      "这是 SQLite 备份，请用 --db sqlite:路径 恢复",
    );
  if (kind !== "pgdump") throw notADubanBackup(file, "it is not a pg_dump archive (custom format)");
  await checkArchive(file, (why) => notADubanBackup(file, why));
  const { dbname, env } = connection(url);
  await runTool(
    "pg_restore",
    [
      "--clean",
      "--if-exists",
      "--no-owner",
      "--no-privileges",
      "--single-transaction",
      "--exit-on-error",
      "--dbname",
      dbname,
      file,
    ],
    env,
  );
}
