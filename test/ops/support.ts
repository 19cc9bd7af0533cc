import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { extractBytes } from "../../src/core/pipeline.js";
import { type Db, type Dialect, openDatabase, parseDatabaseUrl } from "../../src/db/database.js";
import { BIN, CORPUS, HAS_CORPUS, ROOT } from "../cli/helpers.js";
import { PG_ADMIN_URL } from "../support/db.js";

export { CORPUS, HAS_CORPUS };

/**
 * Compiles src/ to dist/ once for all the ledger test files of a run: a lock directory serialises them and
 * a stamp newer than every source file means the build is current. Type errors elsewhere in the tree (work
 * in progress) only warn: `npm run typecheck` is what fails on them; these tests need the emitted code.
 */
export async function buildOnce(): Promise<void> {
  const lock = join(ROOT, "dist", ".ops-build-lock");
  const stamp = join(ROOT, "dist", ".ops-build-stamp");
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true }); // a crashed holder
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (existsSync(stamp) && statSync(stamp).mtimeMs > newestSource()) return;
    const started = Date.now();
    try {
      await promisify(execFile)("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      if (!existsSync(join(ROOT, "dist/cli/main.js"))) throw new Error(`build failed:\n${e.stdout ?? ""}`);
      console.warn(`build had type errors (tests use the emitted code):\n${(e.stdout ?? "").slice(0, 2000)}`);
    }
    writeFileSync(stamp, "");
    const t = new Date(started);
    utimesSync(stamp, t, t); // a source saved during the build makes the next caller build again
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function newestSource(): number {
  let newest = statSync(join(ROOT, "tsconfig.json")).mtimeMs;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(ROOT, "src"));
  return newest;
}

/** A ledger location nobody has opened yet: a SQLite path in a temp dir, or a new empty PostgreSQL database. */
export interface FreshTarget {
  dialect: Dialect;
  /** The --db value. */
  url: string;
  /** A scratch directory, removed by drop(). */
  dir: string;
  drop(): Promise<void>;
}

let counter = 0;

export async function freshTarget(dialect: Dialect): Promise<FreshTarget> {
  const dir = mkdtempSync(join(tmpdir(), "duban-ops-"));
  if (dialect === "sqlite") {
    return {
      dialect,
      url: `sqlite:${join(dir, "ledger", "duban.sqlite")}`,
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `duban_ops_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client(PG_ADMIN_URL);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    dialect,
    url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    dir,
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
      const c = new pg.Client(PG_ADMIN_URL);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Opens a ledger from the test process (no migration: the CLI under test does that). */
export function connect(url: string): Promise<Db> {
  return openDatabase(parseDatabaseUrl(url), { migrate: false });
}

export async function count(db: Db, table: "reports" | "facts" | "tasks" | "audit_log"): Promise<number> {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The corpus reports (text files), sorted. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith(".txt"))
    .sort();
}

/** Copies `n` corpus reports (or all) into `dir`. */
export function copyCorpus(dir: string, n?: number): string[] {
  mkdirSync(dir, { recursive: true });
  const files = corpusFiles().slice(0, n);
  for (const f of files) copyFileSync(join(CORPUS, f), join(dir, f));
  return files;
}

/**
 * `n` distinct reports: copies of corpus reports, each with a unique comment line appended, so that no two
 * have the same bytes (the same bytes under another name would be one report).
 */
export function distinctReports(dir: string, n: number): string[] {
  mkdirSync(dir, { recursive: true });
  const sources = corpusFiles();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const src = sources[i % sources.length] as string;
    const name = `${String(i).padStart(3, "0")}-${src}`;
    const bytes = Buffer.concat([readFileSync(join(CORPUS, src)), Buffer.from(`\n# copy ${i}\n`)]);
    writeFileSync(join(dir, name), bytes);
    out.push(join(dir, name));
  }
  return out;
}

/** What extraction gives for each file, by sha256: the counts a complete report must have in the ledger. */
export async function expectedCounts(
  paths: string[],
): Promise<Map<string, { facts: number; tasks: number }>> {
  const out = new Map<string, { facts: number; tasks: number }>();
  for (const p of paths) {
    const bytes = readFileSync(p);
    const { extraction } = await extractBytes(bytes, p);
    out.set(createHash("sha256").update(bytes).digest("hex"), {
      facts: extraction.facts.length,
      tasks: extraction.tasks.length,
    });
  }
  return out;
}

/** The env for a CLI child: this environment without DUBAN_* and DATABASE_URL, plus `extra`. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("DUBAN_") || k === "DATABASE_URL") delete env[k];
  return { ...env, ...extra };
}

/** A long-running CLI process (serve, a batch to kill), with its output collected. */
export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` on stdout, or rejects when the process exits or time runs out. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

export function startCli(args: readonly string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env), stdio: "pipe" });
  let out = "";
  let err = "";
  child.stdout.on("data", (b: Buffer) => {
    out += b.toString("utf8");
  });
  child.stderr.on("data", (b: Buffer) => {
    err += b.toString("utf8");
  });
  child.stdin.end();
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (re, ms = 20_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          const m = out.match(re);
          if (m) return resolve(m);
          if (child.exitCode !== null || child.signalCode !== null)
            return reject(new Error(`exited (${child.exitCode ?? child.signalCode}) before ${re}: ${err}`));
          if (Date.now() - started > ms)
            return reject(new Error(`timed out waiting for ${re}: ${out}${err}`));
          setTimeout(tick, 20);
        };
        tick();
      }),
  };
}

/** Reads a `key: value` line of `duban db status`. */
export function statusField(stdout: string, key: string): string | undefined {
  return new RegExp(`^${key}:\\s+(.*)$`, "m").exec(stdout)?.[1];
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  errLines: string[];
}

/** Runs `node bin/duban.js ARGS` to completion with a clean duban environment plus `env`. */
export function runDuban(args: readonly string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env), stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", fail);
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      done({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr,
        errLines: stderr.split("\n").filter((l) => l !== ""),
      });
    });
    child.stdin.end();
  });
}
