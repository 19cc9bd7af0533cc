import type { Command } from "commander";
import type { Db } from "../../db/database.js";
import type { CliContext } from "../context.js";
import { writeStdout } from "../output.js";

/** `duban db migrate` and `duban db status`. Database code loads only when they run, keeping start-up light. */
export function registerDb(program: Command, ctx: CliContext): void {
  const db = program
    .command("db")
    .description("the ledger database: apply migrations, show where it is and what it holds");
  db.command("migrate")
    .description(
      "bring the schema to the latest version (every command also does this when it opens the ledger)",
    )
    .action(async (_opts: unknown, cmd: Command) => {
      ctx.exitCode = await runMigrate(ctx, cmd);
    });
  db.command("status")
    .description(
      "print the location (no password), dialect, schema version and counts of reports, facts, tasks",
    )
    .action(async (_opts: unknown, cmd: Command) => {
      ctx.exitCode = await runStatus(ctx, cmd);
    });
}

async function runMigrate(ctx: CliContext, cmd: Command): Promise<number> {
  const { dbFlag, migrateLedger, openTarget, resolveTarget } = await import("../database.js");
  const db = await openTarget(resolveTarget(ctx, dbFlag(cmd)), { migrate: false });
  try {
    const applied = await migrateLedger(db);
    for (const name of applied) await writeStdout(`applied ${name}\n`);
    const schema = await schemaVersion(db);
    await writeStdout(
      `${db.dialect} ${db.location}\nschema: ${schema}${applied.length === 0 ? " (already up to date 已是最新)" : ""}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

export interface LedgerStatus {
  location: string;
  dialect: string;
  schema: string;
  latest: string;
  reports: number;
  facts: number;
  tasks: number;
}

async function runStatus(ctx: CliContext, cmd: Command): Promise<number> {
  const { dbFlag, openTarget, resolveTarget } = await import("../database.js");
  const db = await openTarget(resolveTarget(ctx, dbFlag(cmd)), { migrate: false, mustExist: true });
  try {
    const s = await ledgerStatus(db);
    const behind = s.schema !== s.latest;
    await writeStdout(
      [
        `location: ${s.location}`,
        `dialect:  ${s.dialect}`,
        `schema:   ${s.schema}${behind ? ` (latest is ${s.latest}: run duban db migrate 请运行 duban db migrate)` : ""}`,
        `reports:  ${s.reports}`,
        `facts:    ${s.facts}`,
        `tasks:    ${s.tasks}`,
        "",
      ].join("\n"),
    );
    return 0;
  } finally {
    await db.close();
  }
}

/** The applied schema version ("none" for a database never migrated) and how much the ledger holds. */
export async function ledgerStatus(db: Db): Promise<LedgerStatus> {
  const { latestVersion } = await import("../../db/migrate.js");
  const schema = await schemaVersion(db);
  const count = async (table: "reports" | "facts" | "tasks") => {
    if (schema === "none") return 0;
    const row = await db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    location: db.location,
    dialect: db.dialect,
    schema,
    latest: latestVersion(),
    reports: await count("reports"),
    facts: await count("facts"),
    tasks: await count("tasks"),
  };
}

export async function schemaVersion(db: Db): Promise<string> {
  const { sql } = await import("kysely");
  const exists =
    db.dialect === "sqlite"
      ? await sql<{
          n: number;
        }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`.execute(
          db.kysely,
        )
      : await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name = 'kysely_migration'`.execute(db.kysely);
  if (Number(exists.rows[0]?.n ?? 0) === 0) return "none";
  const last = await sql<{ name: string | null }>`SELECT max(name) AS name FROM kysely_migration`.execute(
    db.kysely,
  );
  return last.rows[0]?.name ?? "none";
}
