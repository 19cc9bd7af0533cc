import { existsSync } from "node:fs";
import type { Command } from "commander";
import { DubanError, ErrorCode, isDubanError } from "../core/errors.js";
import { type DatabaseTarget, type Db, openDatabase, parseDatabaseUrl } from "../db/database.js";
import type { CliContext } from "./context.js";

/** The global `--db URL` option, wherever it was typed (before or after the command name). */
export function dbFlag(command: Command): string | undefined {
  return command.optsWithGlobals<{ db?: string }>().db;
}

/**
 * Which ledger a command works on: `--db URL`, else DATABASE_URL, else the default SQLite file. A value that
 * is no database URL is a usage error (exit 2) naming where it came from.
 */
export function resolveTarget(ctx: CliContext, flag: string | undefined): DatabaseTarget {
  const from = flag !== undefined ? "--db" : "DATABASE_URL";
  const value = flag ?? ctx.config.databaseUrl;
  if (flag !== undefined && flag.trim() === "") throw invalidUrl(from, "is empty", "为空");
  let target: DatabaseTarget;
  try {
    target = parseDatabaseUrl(value, ctx.config.dataEnv);
  } catch (err) {
    if (isDubanError(err)) throw err.withTarget(from);
    throw err;
  }
  if (target.dialect === "postgres") {
    let url: URL;
    try {
      url = new URL(target.url.trim());
    } catch {
      throw invalidUrl(from, "is not a valid postgres:// URL", "不是有效的 postgres:// 地址");
    }
    if (!url.hostname && !url.searchParams.has("host")) throw invalidUrl(from, "names no host", "缺少主机名");
  }
  return target;
}

function invalidUrl(from: string, en: string, zh: string): DubanError {
  return new DubanError(ErrorCode.InvalidArgument, `database URL ${en}`, `数据库地址${zh}`, { target: from });
}

/** Where a target lives, for messages: the file path, or the URL without its password. */
export function describeTarget(target: DatabaseTarget): string {
  return target.dialect === "sqlite" ? target.path : redactUrl(target.url);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/**
 * Opens the ledger of `target`, running pending migrations unless told not to. Connection problems become
 * one clear line (exit 1): server down, database missing, wrong password, a file that is no database.
 */
export async function openTarget(
  target: DatabaseTarget,
  opts: { migrate?: boolean; mustExist?: boolean } = {},
): Promise<Db> {
  const where = describeTarget(target);
  if (
    opts.mustExist &&
    target.dialect === "sqlite" &&
    target.path !== ":memory:" &&
    !existsSync(target.path)
  ) {
    throw new DubanError(
      ErrorCode.NotFound,
      `no ledger database at ${where} (create it with duban db migrate or duban ingest)`,
      `${where} 处没有台账数据库（可用 duban db migrate 或 duban ingest 创建）`,
    );
  }
  let db: Db | undefined;
  try {
    db = await openDatabase(target, { migrate: false });
    // Touch the database now, so a bad connection fails here with a clear message, not in the middle.
    if (db.dialect === "postgres") await db.kysely.selectNoFrom((eb) => eb.val(1).as("one")).execute();
    else
      await db.kysely
        .selectFrom("sqlite_master" as never)
        .select("name" as never)
        .execute();
    if (opts.migrate !== false) await migrateLedger(db);
    return db;
  } catch (err) {
    await db?.close().catch(() => {});
    throw connectionError(err, where);
  }
}

/** Brings the schema up to date; returns the migrations applied (see migrateToLatest for the locking). */
export async function migrateLedger(db: Db): Promise<string[]> {
  const { migrateToLatest } = await import("../db/migrate.js");
  return migrateToLatest(db);
}

/** A driver error while opening, as one line a user can act on. */
export function connectionError(err: unknown, where: string): unknown {
  if (isDubanError(err)) return err;
  const e = err as { code?: string; message?: string };
  const reason = ((): [string, string] | null => {
    switch (e.code) {
      case "ECONNREFUSED":
        return ["connection refused: is PostgreSQL running?", "连接被拒绝：PostgreSQL 是否在运行？"];
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return ["unknown host", "主机名无法解析"];
      case "3D000":
        return ["the database does not exist", "数据库不存在"];
      case "28P01":
      case "28000":
        return ["authentication failed", "认证失败"];
      case "SQLITE_BUSY":
        return [
          "the database stayed locked by another process; try again",
          "数据库被其他进程长时间占用，请稍后重试",
        ];
      case "SQLITE_NOTADB":
        return ["the file is not a SQLite database", "该文件不是 SQLite 数据库"];
      case "SQLITE_CANTOPEN":
        return ["cannot open the database file", "无法打开数据库文件"];
      case "SQLITE_READONLY":
        return ["the database file is read-only", "数据库文件只读"];
      case "EACCES":
      case "EPERM":
        return ["permission denied", "没有访问权限"];
      default:
        return null;
    }
  })();
  if (!reason) return err;
  return new DubanError(
    ErrorCode.Internal,
    `cannot open the database ${where}: ${reason[0]}`,
    `无法打开数据库 ${where}：${reason[1]}`,
    {},
    err,
  );
}
