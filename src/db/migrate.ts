import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { DubanError, ErrorCode } from "../core/errors.js";
import type { Db } from "./database.js";
import * as m0001 from "./migrations/0001_initial.js";
import * as m0002 from "./migrations/0002_indicator_catalog.js";
import * as m0003 from "./migrations/0003_supervision.js";
import * as m0004 from "./migrations/0004_search_postings.js";
import * as m0005 from "./migrations/0005_reminders.js";
import * as m0006 from "./migrations/0006_scoring.js";
import * as m0007 from "./migrations/0007_colour_writes.js";

type Step = { up(db: Kysely<unknown>, dialect: Db["dialect"]): Promise<void> };

/** Versioned migrations, in order. Never edit one that has shipped: add the next. */
const MIGRATIONS: Record<string, Step> = {
  "0001_initial": m0001,
  "0002_indicator_catalog": m0002,
  "0003_supervision": m0003,
  "0004_search_postings": m0004,
  "0005_reminders": m0005,
  "0006_scoring": m0006,
  "0007_colour_writes": m0007,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Db["dialect"]) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, step] of Object.entries(MIGRATIONS))
      out[name] = { up: (db) => step.up(db, this.dialect) };
    return out;
  }
}

/**
 * Brings the schema to the latest version; safe to run from several processes at once. PostgreSQL: Kysely
 * takes an advisory lock and runs each migration in a transaction. SQLite: Kysely takes no lock there, so the
 * whole run is one BEGIN IMMEDIATE transaction — a second process waits (busy_timeout), then finds nothing to
 * do, and a crash mid-way leaves the old schema.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (db.dialect !== "sqlite") return runMigrations(db);
  await sql`BEGIN IMMEDIATE`.execute(db.kysely);
  try {
    const applied = await runMigrations(db);
    await sql`COMMIT`.execute(db.kysely);
    return applied;
  } catch (err) {
    await sql`ROLLBACK`.execute(db.kysely).catch(() => {});
    throw err;
  }
}

async function runMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    throw new DubanError(
      ErrorCode.Internal,
      `database migration failed: ${String((error as Error).message ?? error)}`,
      "数据库迁移失败",
      {},
      error,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export function latestVersion(): string {
  return Object.keys(MIGRATIONS).at(-1) as string;
}
