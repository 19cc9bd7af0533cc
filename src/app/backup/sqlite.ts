import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import SQLite from "better-sqlite3";
import { DubanError, ErrorCode } from "../../core/errors.js";
import { latestVersion } from "../../db/migrate.js";
import { notADubanBackup, wrongKind } from "./errors.js";
import { sniffBackup, writeAtomically } from "./files.js";

export interface LedgerFileInfo {
  /** The last migration applied. */
  schema: string;
  reports: number;
}

/**
 * Checks that a SQLite file is a sound duban ledger: it opens, passes `quick_check`, and has the ledger's
 * tables and migration record. Throws `onBad()` otherwise.
 */
export function inspectLedgerFile(path: string, onBad: (why: string) => DubanError): LedgerFileInfo {
  let db: SQLite.Database;
  try {
    db = new SQLite(path, { readonly: true, fileMustExist: true });
  } catch {
    throw onBad("it cannot be opened as a SQLite database");
  }
  try {
    let check: unknown;
    try {
      check = db.pragma("quick_check", { simple: true });
    } catch {
      throw onBad("it is not a SQLite database");
    }
    if (check !== "ok") throw onBad(`the SQLite integrity check failed (${String(check)})`);
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    if (!tables.has("kysely_migration") || !tables.has("reports") || !tables.has("audit_log"))
      throw onBad("it holds no duban ledger tables");
    const last = db.prepare("SELECT max(name) AS name FROM kysely_migration").get() as {
      name: string | null;
    };
    if (!last.name) throw onBad("its schema was never migrated");
    const reports = db.prepare("SELECT count(*) AS n FROM reports").get() as { n: number };
    return { schema: last.name, reports: reports.n };
  } finally {
    db.close();
  }
}

/**
 * A consistent copy of a live SQLite ledger (readers and writers may carry on): `VACUUM INTO` takes one
 * read snapshot and writes a compact, self-contained file, which then replaces `file` atomically.
 */
export async function backupSqlite(dbPath: string, file: string): Promise<LedgerFileInfo> {
  if (!existsSync(dbPath))
    throw new DubanError(ErrorCode.NotFound, `no ledger database at ${dbPath}`, `${dbPath} 处没有台账数据库`);
  const source = inspectLedgerFile(
    dbPath,
    (why) =>
      new DubanError(ErrorCode.UnsupportedFormat, `not a duban ledger: ${why}`, "该数据库不是 duban 台账", {
        target: dbPath,
      }),
  );
  return writeAtomically(
    file,
    async (tmp) => {
      const db = new SQLite(dbPath, { fileMustExist: true });
      try {
        db.pragma("busy_timeout = 10000");
        db.prepare("VACUUM INTO ?").run(tmp);
      } finally {
        db.close();
      }
    },
    async (tmp) => {
      const info = inspectLedgerFile(tmp, (why) => new DubanError(ErrorCode.Internal, why, "备份校验失败"));
      if (info.schema !== source.schema)
        throw new DubanError(
          ErrorCode.Internal,
          "the backup does not match the database",
          "备份与数据库不一致",
        );
      return info;
    },
  );
}

/**
 * Replaces the SQLite ledger at `dbPath` with the backup in `file`, atomically: the backup is checked, copied
 * beside the database, flushed, and renamed over it. The old database's WAL and shared-memory files are
 * removed first, so they can never be replayed onto the restored file. Servers that have the old file open
 * keep seeing it until restarted.
 */
export async function restoreSqlite(file: string, dbPath: string): Promise<LedgerFileInfo> {
  const kind = await sniffBackup(file);
  if (kind === "pgdump")
    throw wrongKind(
      file,
      "this is a PostgreSQL backup (pg_dump): restore it with --db postgres://…",
      "这是 PostgreSQL 备份（pg_dump），请用 --db postgres://… 恢复",
    );
  if (kind !== "sqlite") throw notADubanBackup(file, "it is not a SQLite database");
  const info = inspectLedgerFile(file, (why) => notADubanBackup(file, why));
  if (info.schema > latestVersion())
    throw new DubanError(
      ErrorCode.UnsupportedFormat,
      `the backup has schema ${info.schema}, newer than this duban (${latestVersion()}); upgrade duban first`,
      `备份的数据库版本（${info.schema}）比当前 duban（${latestVersion()}）新，请先升级 duban`,
      { target: file },
    );
  return writeAtomically(
    dbPath,
    async (tmp) => {
      const db = new SQLite(file, { readonly: true, fileMustExist: true });
      try {
        db.prepare("VACUUM INTO ?").run(tmp);
      } finally {
        db.close();
      }
    },
    async (tmp) => inspectLedgerFile(tmp, (why) => new DubanError(ErrorCode.Internal, why, "恢复校验失败")),
    async () => {
      await rm(`${dbPath}-wal`, { force: true });
      await rm(`${dbPath}-shm`, { force: true });
    },
  );
}
