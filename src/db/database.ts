import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import {
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
} from "kysely";
import pg from "pg";
import { DubanError, ErrorCode } from "../core/errors.js";
import { migrateToLatest } from "./migrate.js";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

/** An open ledger database. Passed to whoever needs it; there is no global instance. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** Where it lives: a file path for SQLite, the URL without password for PostgreSQL. */
  location: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { dialect: "sqlite"; path: string } | { dialect: "postgres"; url: string };

/** Default location: $DUBAN_DATA/duban.sqlite, else ~/.local/share/duban/duban.sqlite. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DUBAN_DATA
    ? resolve(env.DUBAN_DATA)
    : join(env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "duban");
}

/** `--db` / DATABASE_URL: "sqlite:PATH", a bare path, or "postgres://…" / "postgresql://…". */
export function parseDatabaseUrl(
  value: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DatabaseTarget {
  const v = value?.trim();
  if (!v) return { dialect: "sqlite", path: join(defaultDataDir(env), "duban.sqlite") };
  if (/^postgres(?:ql)?:\/\//i.test(v)) return { dialect: "postgres", url: v };
  if (v.startsWith("sqlite:")) {
    const path = v.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (!path)
      throw new DubanError(
        ErrorCode.InvalidArgument,
        "sqlite: needs a file path",
        "sqlite: 后需给出文件路径",
        { target: "DATABASE_URL" },
      );
    return { dialect: "sqlite", path: path === ":memory:" ? path : resolve(path) };
  }
  if (/^[a-z]+:\/\//i.test(v))
    throw new DubanError(
      ErrorCode.InvalidArgument,
      `unsupported database URL: ${v.replace(/:[^:@/]*@/, ":***@")}`,
      "不支持的数据库地址",
      {
        target: "DATABASE_URL",
      },
    );
  return { dialect: "sqlite", path: resolve(v) };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/**
 * Switches a SQLite file to WAL. Switching needs a moment of exclusive access; when another process is busy
 * creating or writing the same new file, SQLite can answer SQLITE_BUSY at once instead of waiting, so the
 * switch is retried for a few seconds before giving up.
 */
function enableWal(sqlite: SQLite.Database): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      sqlite.pragma("journal_mode = WAL");
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== "SQLITE_BUSY" || attempt >= 100) throw err;
      Atomics.wait(pause, 0, 0, 50);
    }
  }
}

/** Row objects from arrays of values, by a function made once per list of column names (see CachedStatement). */
const builders = new Map<string, (values: unknown[]) => unknown>();
function rowBuilder(names: readonly string[]): (values: unknown[]) => unknown {
  const key = names.join("\u0000");
  let build = builders.get(key);
  if (!build) {
    // The names come from the ledger's own SQL; as an object literal, a repeated name keeps its last value,
    // as the drivers' own row objects do.
    const fields = names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`);
    build = new Function("v", `return { ${fields.join(", ")} };`) as (values: unknown[]) => unknown;
    if (builders.size < 5000) builders.set(key, build);
  }
  return build;
}

/**
 * A compiled statement kept for reuse. Reads come back as arrays and are made into row objects by a function
 * built once from the column names: better-sqlite3 sets each property of each row object through the V8 API,
 * which made materialising a page of facts cost three times more than the query itself.
 */
class CachedStatement implements SqliteStatement {
  readonly reader: boolean;
  #row: ((values: unknown[]) => unknown) | null = null;

  constructor(readonly stmt: SQLite.Statement) {
    this.reader = stmt.reader;
    if (this.reader) stmt.raw(true);
  }

  #toRow(): (values: unknown[]) => unknown {
    this.#row ??= rowBuilder(this.stmt.columns().map((c) => c.name));
    return this.#row;
  }

  all(parameters: readonly unknown[]): unknown[] {
    return (this.stmt.all(parameters) as unknown[][]).map(this.#toRow());
  }

  run(parameters: readonly unknown[]) {
    return this.stmt.run(parameters);
  }

  *iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    const toRow = this.#toRow();
    for (const values of this.stmt.iterate(parameters) as IterableIterator<unknown[]>) yield toRow(values);
  }
}

/**
 * better-sqlite3 compiles the SQL on every prepare, which Kysely calls for every query: on a short read that
 * costs more than running it. The ledger repeats a few hundred distinct statements, so compiled ones are kept
 * (least recently used dropped first). A statement still being iterated is busy and gets a fresh copy; a
 * schema change empties the cache, since a kept statement's columns may have changed with it.
 */
function cachingStatements(sqlite: SQLite.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, CachedStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      const hit = cache.get(text);
      if (hit && !hit.stmt.busy) {
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      if (/^\s*(create|alter|drop)\b/i.test(text)) cache.clear();
      const stmt = new CachedStatement(sqlite.prepare(text));
      if (!hit) {
        cache.set(text, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
  };
}

/**
 * PostgreSQL parses and analyses every unnamed statement it is sent; the ledger sends a few hundred distinct
 * ones over and over, so each is sent as a named prepared statement, which each connection parses once
 * (plan_cache_mode=force_custom_plan in the connection options keeps planning per call, with the call's values,
 * so a skewed filter never runs on a generic plan). Past PREPARED_MAX distinct texts (long IN lists differ
 * by length) statements go unnamed, so no connection collects an unbounded number.
 */
const PREPARED_MAX = 2000;
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < PREPARED_MAX) {
      name = `duban_${names.size.toString(36)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    connect: async () => {
      const client = await pool.connect();
      const wrapped = {
        query(textOrCursor: unknown, values?: readonly unknown[]) {
          if (typeof textOrCursor !== "string") return client.query(textOrCursor as never);
          const name = nameOf(textOrCursor);
          const config = { text: textOrCursor, values: values as unknown[], rowMode: "array" as const };
          return client.query(name === undefined ? config : { ...config, name }).then((r) => ({
            command: r.command,
            rowCount: r.rowCount,
            rows: r.fields.length === 0 ? r.rows : r.rows.map(rowBuilder(r.fields.map((f) => f.name))),
          }));
        },
        release: (destroy?: boolean) => client.release(destroy),
      };
      return wrapped as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** Opens (and by default migrates) the database. */
export async function openDatabase(target: DatabaseTarget, opts: { migrate?: boolean } = {}): Promise<Db> {
  let db: Db;
  if (target.dialect === "sqlite") {
    if (target.path !== ":memory:") {
      const dir = dirname(target.path);
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    }
    const sqlite = new SQLite(target.path);
    // busy_timeout first, so even switching a new file to WAL waits for another process instead of failing;
    // WAL lets readers run while one writer writes.
    sqlite.pragma("busy_timeout = 10000");
    enableWal(sqlite);
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("synchronous = NORMAL");
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: cachingStatements(sqlite) }),
    });
    db = { kysely, dialect: "sqlite", location: target.path, close: () => kysely.destroy() };
  } else {
    // JIT compilation pays off for long analytic queries, not for the ledger's short ones, where it only adds
    // milliseconds of compile time to plans the planner thinks are costly.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      options: "-c jit=off -c plan_cache_mode=force_custom_plan",
    });
    // An idle connection the server closes (restart, admin termination) must not crash the process: the
    // pool drops it and opens a new one on the next query.
    pool.on("error", () => {});
    // NUMERIC/BIGINT come back as strings by default; counts here fit in a double.
    pg.types.setTypeParser(20, (v) => Number(v));
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    db = { kysely, dialect: "postgres", location: redact(target.url), close: () => kysely.destroy() };
  }
  if (opts.migrate !== false) await migrateToLatest(db);
  return db;
}
