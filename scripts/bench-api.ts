/**
 * `npm run bench:api`: seeds a ledger with ≥1,000,000 facts and ≥100,000 tasks (corpus extractions, varied),
 * starts `duban serve` in a child process, loads it from this process over loopback and prints p50/p95/p99
 * latency and requests/s for list, filter, search and get — on SQLite and on PostgreSQL.
 *
 * Flags: --facts N (default 1000000), --tasks N (default 100000), --seconds S per scenario (default 10),
 * --connections C (default 10), --only sqlite|postgres.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import pg from "pg";
import { SYSTEM_ACTOR } from "../src/app/actor.js";
import { systemContext } from "../src/app/context.js";
import { ingestReport } from "../src/app/ingestReport.js";
import { searchTokens } from "../src/core/text/search.js";
import { type Db, openDatabase } from "../src/db/database.js";
import { newId } from "../src/db/ids.js";
import type { NewFact, NewTask } from "../src/db/schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = resolve(root, "../shared/corpus");
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const FACTS = Number(arg("facts", "1000000"));
const TASKS = Number(arg("tasks", "100000"));
const SECONDS = Number(arg("seconds", "10"));
const CONNECTIONS = Number(arg("connections", "10"));
const ONLY = arg("only", "");
const PG_ADMIN = process.env.DUBAN_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

if (!existsSync(corpus)) {
  console.error(`bench:api: corpus not found at ${corpus}`);
  process.exit(2);
}

function log(msg: string) {
  process.stderr.write(`${msg}\n`);
}

/**
 * Bulk loading. The trigger that keeps fact_postings (token, fact_id) in step would insert every copied
 * fact's tokens into the middle of that key, a random page each, which makes a million facts take many
 * times longer to load; instead it is off during the copy and the postings are rebuilt afterwards in key
 * order, as migration 0004 builds them. The result is the same table the trigger would have filled.
 */
async function pausePostings(db: Db): Promise<() => Promise<void>> {
  const q = db.kysely;
  if (db.dialect === "postgres") {
    await sql`ALTER TABLE facts DISABLE TRIGGER fact_postings_insert`.execute(q);
    return async () => {
      await sql`TRUNCATE fact_postings`.execute(q);
      await sql`INSERT INTO fact_postings (token, fact_id) SELECT DISTINCT t, f.id FROM facts f, unnest(string_to_array(f.search_text, ' ')) t WHERE t <> '' ORDER BY 1, 2`.execute(
        q,
      );
      await sql`ALTER TABLE facts ENABLE TRIGGER fact_postings_insert`.execute(q);
    };
  }
  // SQLite cannot switch a trigger off: it is dropped and created again from its own definition.
  const trigger = await sql<{
    sql: string;
  }>`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'fact_postings_insert'`.execute(q);
  const definition = trigger.rows[0]?.sql;
  if (!definition) throw new Error("bench:api: trigger fact_postings_insert not found");
  await sql`DROP TRIGGER fact_postings_insert`.execute(q);
  return async () => {
    await sql`DELETE FROM fact_postings`.execute(q);
    await sql`INSERT INTO fact_postings (token, fact_id) SELECT DISTINCT j.value, f.id FROM facts f, json_each('[' || replace(json_quote(f.search_text), ' ', '","') || ']') j WHERE j.value <> '' ORDER BY 1, 2`.execute(
      q,
    );
    await sql.raw(definition).execute(q);
  };
}

/** Seeds real extractions, then copies their facts and tasks into synthetic reports until the targets. */
export async function seed(db: Db): Promise<{ factIds: string[]; regions: string[]; token: string }> {
  const ctx = systemContext(db, SYSTEM_ACTOR);
  const files = readdirSync(corpus).filter((f) => f.endsWith(".txt"));
  for (const f of files) await ingestReport(ctx, { bytes: readFileSync(join(corpus, f)), path: f });
  const baseFacts = await db.kysely.selectFrom("facts").selectAll().execute();
  const baseTasks = await db.kysely.selectFrom("tasks").selectAll().execute();
  const now = new Date().toISOString();
  const regions: string[] = [];
  for (let r = 0; r < 50; r++) {
    const id = newId();
    regions.push(id);
    await db.kysely
      .insertInto("regions")
      .values({ id, name: `基准区域${r}`, level: "county", parent_id: null, created_at: now })
      .execute();
  }
  const perReport = 1000;
  const reportsNeeded = Math.ceil(Math.max(FACTS / perReport, TASKS / 100));
  const factIds: string[] = [];
  let facts = 0;
  let tasks = 0;
  const started = Date.now();
  const resumePostings = await pausePostings(db);
  for (let r = 0; r < reportsNeeded && (facts < FACTS || tasks < TASKS); r++) {
    const reportId = newId();
    const regionId = regions[r % regions.length] as string;
    const year = 2008 + (r % 19);
    await db.kysely.transaction().execute(async (tx) => {
      await tx
        .insertInto("reports")
        .values({
          id: reportId,
          sha256: createHash("sha256").update(reportId).digest("hex"),
          region_id: regionId,
          title: `基准报告${r}`,
          region_name: `基准区域${r % regions.length}`,
          report_date: null,
          summary_year: year - 1,
          plan_year: year,
          source_path: `bench/${r}.txt`,
          format: "txt",
          encoding: "utf-8",
          script: "simplified",
          chars: 0,
          body: "",
          extractor_version: "bench",
          published: 1,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const rows: NewFact[] = [];
      for (let i = 0; i < perReport && facts < FACTS; i++, facts++) {
        const b = baseFacts[(r * perReport + i) % baseFacts.length];
        if (!b) break;
        const id = `${reportId}:f:${i}`;
        if (factIds.length < 200_000) factIds.push(id);
        rows.push({
          ...b,
          id,
          report_id: reportId,
          ext_id: `f${i + 1}`,
          value: Math.round(b.value * (0.8 + ((i * 7919) % 400) / 1000) * 100) / 100,
          region_id: regionId,
          plan_year: year,
          start_pos: i * 10,
          end_pos: i * 10 + 9,
          search_text: b.search_text || searchTokens(b.quote),
        });
      }
      for (let i = 0; i < rows.length; i += 500)
        await tx
          .insertInto("facts")
          .values(rows.slice(i, i + 500))
          .execute();
      const trows: NewTask[] = [];
      for (let i = 0; i < 100 && tasks < TASKS; i++, tasks++) {
        const b = baseTasks[(r * 100 + i) % baseTasks.length];
        if (!b) break;
        trows.push({
          ...b,
          id: `${reportId}:t:${i}`,
          report_id: reportId,
          ext_id: `t${i + 1}`,
          region_id: regionId,
          plan_year: year,
          start_pos: i,
          end_pos: i + 1,
        });
      }
      for (let i = 0; i < trows.length; i += 500)
        await tx
          .insertInto("tasks")
          .values(trows.slice(i, i + 500))
          .execute();
    });
    if (r % 100 === 0)
      log(`  seeded ${facts} facts, ${tasks} tasks (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  log(`  indexing the facts for search (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  await resumePostings();
  // Fresh statistics and visibility, as autovacuum gives a running installation.
  if (db.dialect === "postgres") await sql`VACUUM ANALYZE`.execute(db.kysely);
  else await sql`ANALYZE`.execute(db.kysely);
  // An admin with an API token: the load uses it like a script would.
  const userId = newId();
  await db.kysely
    .insertInto("users")
    .values({
      id: userId,
      username: "bench",
      display_name: "基准",
      password_hash: "!",
      role: "admin",
      region_id: null,
      department_id: null,
      created_at: now,
    })
    .execute();
  const token = `dbn_${randomBytes(24).toString("hex")}`;
  await db.kysely
    .insertInto("api_tokens")
    .values({
      id: newId(),
      user_id: userId,
      name: "bench",
      token_hash: createHash("sha256").update(token).digest("hex"),
      created_at: now,
    })
    .execute();
  log(`  seeded ${facts} facts and ${tasks} tasks in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { factIds, regions, token };
}

interface Result {
  name: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * Closed-loop load: C keep-alive connections each send the next request when the last answered, for S seconds.
 * The client is a bare socket writing GET requests and reading each response up to its Content-Length:
 * on a 2-core machine the load generator shares the CPU with the server, and Node's full HTTP client spent
 * several times what the server's own answer costs, which measured the client as much as the API.
 */
export async function load(
  name: string,
  port: number,
  token: string,
  nextPath: () => string,
): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  const connection = () =>
    new Promise<void>((done) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.setNoDelay(true);
      let buf: Buffer = Buffer.alloc(0);
      let need = -1;
      let status = 0;
      let t0 = 0n;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        socket.destroy();
        done();
      };
      const send = () => {
        if (Date.now() >= deadline) return finish();
        t0 = process.hrtime.bigint();
        socket.write(
          `GET ${nextPath()} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n\r\n`,
        );
      };
      socket.on("connect", send);
      socket.on("data", (chunk: Buffer) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        for (;;) {
          if (need < 0) {
            const end = buf.indexOf("\r\n\r\n");
            if (end < 0) return;
            const head = buf.subarray(0, end).toString("latin1");
            status = Number(head.slice(9, 12));
            const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
            if (!length) {
              // Every API answer has a length; anything else is an error and ends this connection.
              errors++;
              return finish();
            }
            need = end + 4 + Number(length[1]);
          }
          if (buf.length < need) return;
          buf = buf.subarray(need);
          need = -1;
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (status !== 200) errors++;
          send();
          if (buf.length === 0) return;
        }
      });
      socket.on("error", () => {
        errors++;
        finish();
      });
      socket.on("close", finish);
    });
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((res) => {
      http
        .get({ host: "127.0.0.1", port, path: "/api/health" }, (r) => {
          r.resume();
          res(r.statusCode === 200);
        })
        .on("error", () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not become healthy");
}

async function runFor(dialect: "sqlite" | "postgres"): Promise<Result[]> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "duban-bench-"));
    url = `sqlite:${join(dir, "bench.sqlite")}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `duban_bench_${process.pid}`;
    const admin = new pg.Client(PG_ADMIN);
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
    cleanup = async () => {
      const c = new pg.Client(PG_ADMIN);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  log(`${dialect}: seeding ${url.replace(/\/\/[^@]*@/, "//")}`);
  const db = await openDatabase(dialect === "sqlite" ? { dialect, path: url.slice(7) } : { dialect, url });
  const { factIds, regions, token } = await seed(db);
  await db.close();

  const port = 18000 + Math.floor(Math.random() * 1000);
  const server = spawn(
    process.execPath,
    [join(root, "bin/duban.js"), "serve", "--db", url, "--port", String(port)],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  try {
    await waitHealthy(port);
    let n = 0;
    const pick = <T>(xs: T[]) => xs[(n++ * 7919) % xs.length] as T;
    const queries = [
      "生产总值",
      "固定资产投资",
      "一般公共预算收入",
      "城镇居民人均可支配收入",
      "新增就业",
      "高新技术企业",
    ];
    const results: Result[] = [];
    const scenario = async (name: string, path: () => string) => {
      await load(`${name} (warm-up)`, port, token, path).catch(() => undefined);
      results.push(await load(name, port, token, path));
    };
    await scenario("list", () => "/api/v1/facts?limit=50");
    await scenario(
      "filter",
      () => `/api/v1/facts?regionId=${pick(regions)}&year=${2008 + (n % 19)}&kind=target&limit=50`,
    );
    await scenario("search", () => `/api/v1/facts?q=${encodeURIComponent(pick(queries))}&limit=50`);
    await scenario("get", () => `/api/v1/facts/${encodeURIComponent(pick(factIds))}`);
    return results;
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await cleanup();
  }
}

// Run as a script; imported (e.g. by a profiling session) it only provides seed() and load().
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dialects = (ONLY ? [ONLY] : ["sqlite", "postgres"]) as Array<"sqlite" | "postgres">;
  const lines: string[] = [];
  for (const d of dialects) {
    const results = await runFor(d);
    for (const r of results.filter((x) => !x.name.includes("warm-up"))) {
      lines.push(
        `${d.padEnd(9)} ${r.name.padEnd(7)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${r.rps.toFixed(0).padStart(6)} req/s  (${r.requests} requests, ${r.errors} errors)`,
      );
    }
  }
  console.log(
    `\nbench:api — ${FACTS} facts, ${TASKS} tasks, ${CONNECTIONS} connections, ${SECONDS} s per scenario`,
  );
  for (const l of lines) console.log(l);
}
