import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { DubanError, ErrorCode } from "../../core/errors.js";
import { formatBytes } from "../../core/read/fail.js";
import type { CliContext } from "../context.js";
import { notFound } from "../errors.js";
import { writeStdout } from "../output.js";

export function registerBackup(program: Command, ctx: CliContext): void {
  program
    .command("backup")
    .description("write a consistent copy of the ledger to FILE (safe while servers run)")
    .argument("<file>", "the backup file to write (replaced atomically if it exists)")
    .addHelpText(
      "after",
      `
SQLite: a snapshot of the database file (VACUUM INTO), itself a SQLite file.
PostgreSQL: pg_dump --format=custom (needs pg_dump from the Debian package postgresql-client).`,
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      ctx.exitCode = await runBackup(file, ctx, cmd);
    });
  program
    .command("restore")
    .description("replace the ledger with the backup in FILE (then restart running servers)")
    .argument("<file>", "a file written by duban backup")
    .addHelpText(
      "after",
      `
The backup is checked first (it opens, and holds a duban ledger); anything else is refused and nothing
changes. SQLite: the database file is replaced atomically. PostgreSQL: pg_restore into the target database
in one transaction. Servers running on the old ledger must be restarted.`,
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      ctx.exitCode = await runRestore(file, ctx, cmd);
    });
}

async function runBackup(file: string, ctx: CliContext, cmd: Command): Promise<number> {
  const { dbFlag, openTarget, resolveTarget } = await import("../database.js");
  const target = resolveTarget(ctx, dbFlag(cmd));
  if (target.dialect === "sqlite") {
    if (target.path === ":memory:")
      throw usage("--db", "an in-memory database cannot be backed up", "内存数据库无法备份");
    if (resolve(file) === target.path)
      throw usage(file, "the backup would overwrite the database", "备份文件不能覆盖数据库本身");
    const { backupSqlite } = await import("../../app/backup/sqlite.js");
    const info = await backupSqlite(target.path, file);
    await writeStdout(
      `backup written 备份完成: ${file} (sqlite, ${formatBytes(statSync(file).size)}, schema ${info.schema}, ${info.reports} reports)\n`,
    );
    return 0;
  }
  const db = await openTarget(target, { migrate: false });
  let reports: number;
  let schema: string;
  try {
    const { ledgerStatus } = await import("./db.js");
    const s = await ledgerStatus(db);
    if (s.schema === "none")
      throw new DubanError(
        ErrorCode.UnsupportedFormat,
        `${db.location} holds no duban ledger`,
        `${db.location} 中没有 duban 台账`,
      );
    reports = s.reports;
    schema = s.schema;
  } finally {
    await db.close();
  }
  const { backupPostgres } = await import("../../app/backup/postgres.js");
  await backupPostgres(target.url, file);
  await writeStdout(
    `backup written 备份完成: ${file} (pg_dump custom format, ${formatBytes(statSync(file).size)}, schema ${schema}, ${reports} reports)\n`,
  );
  return 0;
}

async function runRestore(file: string, ctx: CliContext, cmd: Command): Promise<number> {
  const { dbFlag, openTarget, resolveTarget } = await import("../database.js");
  const target = resolveTarget(ctx, dbFlag(cmd));
  if (!existsSync(file)) throw notFound().withTarget(file);
  if (!statSync(file).isFile()) throw usage(file, "is not a file", "不是文件");
  if (target.dialect === "sqlite") {
    if (target.path === ":memory:")
      throw usage("--db", "cannot restore into an in-memory database", "无法恢复到内存数据库");
    if (resolve(file) === target.path)
      throw usage(file, "the backup is the database itself", "备份文件就是数据库本身");
    const { restoreSqlite } = await import("../../app/backup/sqlite.js");
    await restoreSqlite(file, target.path);
  } else {
    const { restorePostgres } = await import("../../app/backup/postgres.js");
    await restorePostgres(file, target.url);
  }
  // Opening migrates a backup taken by an older duban up to this version's schema.
  const db = await openTarget(target);
  try {
    const { ledgerStatus } = await import("./db.js");
    const s = await ledgerStatus(db);
    await writeStdout(
      `restored 恢复完成: ${file} → ${s.dialect} ${s.location} (schema ${s.schema}, ${s.reports} reports, ${s.facts} facts, ${s.tasks} tasks)\n` +
        "Restart any duban serve running on this database. 请重启正在使用该数据库的 duban serve。\n",
    );
  } finally {
    await db.close();
  }
  return 0;
}

function usage(target: string, en: string, zh: string): DubanError {
  return new DubanError(ErrorCode.InvalidArgument, en, zh, { target });
}
