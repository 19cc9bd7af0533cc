/**
 * `npm run bench:supervise`: seeds a ledger with 100,000 assignments (departments, co-departments, progress
 * reports some of them returned, approved extensions, milestones, history) on SQLite and on PostgreSQL, then
 * times
 *   - recomputing the status colour of every assignment (the status engine's recomputeStatuses), first when
 *     every colour changes, again over all of them when none does, a later run of the same day (only rows
 *     changed since), and the first run of the next day (days to deadline move on every open row) — goal < 2 s;
 *   - building a 通报 (model + .docx) for a region of 1,000 tasks — goal < 5 s — and its 台账 (.xlsx).
 *
 * Flags: --assignments N (default 100000), --bulletin-tasks N (default 1000), --only sqlite|postgres.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Insertable } from "kysely";
import pg from "pg";
import { SYSTEM_ACTOR } from "../src/app/actor.js";
import { systemContext } from "../src/app/context.js";
import { renderBulletinDocx } from "../src/app/documents/bulletin.js";
import { bulletinModel } from "../src/app/documents/bulletinModel.js";
import { buildLedger } from "../src/app/documents/ledger.js";
import { recomputeStatuses } from "../src/app/supervision/recomputeStatuses.js";
import { shanghaiDay } from "../src/core/calendar/index.js";
import { type Db, type Dialect, openDatabase } from "../src/db/database.js";
import type { Database } from "../src/db/schema.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const TOTAL = Number(arg("assignments", "100000"));
const BULLETIN_TASKS = Number(arg("bulletin-tasks", "1000"));
const ONLY = arg("only", "");
const PG_ADMIN = process.env.DUBAN_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const GOAL = { recompute: 2000, bulletin: 5000 };

const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** A small deterministic generator, so every run seeds the same ledger. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TEXTS = [
  "实施制造业提质扩量行动，全年新增规模以上工业企业30家以上",
  "加快推进县城污水处理厂提标改造工程",
  "新建改建农村公路120公里，完成危桥改造15座",
  "推进老旧小区改造，惠及居民3000户",
  "新增城镇就业5000人以上，城镇调查失业率控制在5.5%以内",
  "完成高标准农田建设2万亩，粮食产量稳定在30万吨以上",
  "推动数字经济核心产业增加值增长15%",
  "新建、改扩建中小学和幼儿园8所，新增学位4000个",
];

type Row<T extends keyof Database> = Insertable<Database[T]>;

async function insertAll<T extends keyof Database>(db: Db, table: T, rows: Row<T>[]): Promise<void> {
  if (rows.length === 0) return;
  // Bind-parameter limits: SQLite 32,766, PostgreSQL 65,535 per statement.
  const columns = Object.keys(rows[0] as object).length;
  const per = Math.max(1, Math.floor((db.dialect === "sqlite" ? 32_000 : 60_000) / columns));
  for (let i = 0; i < rows.length; i += per)
    await db.kysely
      .insertInto(table)
      .values(rows.slice(i, i + per) as never)
      .execute();
}

interface Seeded {
  bulletinRegionId: string;
}

/**
 * Two regions: 基准县 with most assignments and 通报县 with BULLETIN_TASKS of them (the 通报 is drawn for it).
 * Times are this year, judged today; some deadlines have passed, some are near, some far.
 */
async function seed(db: Db): Promise<Seeded> {
  const rand = prng(20260101);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const now = new Date();
  const today = shanghaiDay(now);
  const year = Number(today.slice(0, 4));
  const dayOfYear = (n: number) => new Date(Date.UTC(year, 0, 1 + n)).toISOString().slice(0, 10);
  const iso = (day: string) => `${day}T02:00:00.000Z`;
  const created = now.toISOString();

  const regions = [
    { id: "bench-region-big", name: "基准县", size: TOTAL - BULLETIN_TASKS, departments: 200 },
    { id: "bench-region-bulletin", name: "通报县", size: BULLETIN_TASKS, departments: 40 },
  ];
  await insertAll(
    db,
    "regions",
    regions.map((r) => ({
      id: r.id,
      name: r.name,
      level: "county" as const,
      parent_id: null,
      created_at: created,
    })),
  );

  let n = 0;
  for (const region of regions) {
    const depts = Array.from({ length: region.departments }, (_, i) => ({
      id: `${region.id}-d${i}`,
      region_id: region.id,
      name: `${region.name}第${i + 1}局`,
      short_name: null,
      created_at: created,
    }));
    await insertAll(db, "departments", depts);
    const perReport = 1000;
    for (let r = 0; r * perReport < region.size; r++) {
      const reportId = `${region.id}-r${r}`;
      const count = Math.min(perReport, region.size - r * perReport);
      await insertAll(db, "reports", [
        {
          id: reportId,
          sha256: reportId,
          region_id: region.id,
          title: `${region.name}${year}年政府工作报告（${r + 1}）`,
          region_name: region.name,
          report_date: `${year}-01-10`,
          summary_year: year - 1,
          plan_year: year,
          source_path: `${reportId}.txt`,
          format: "text",
          encoding: "utf-8",
          script: "simplified",
          chars: 0,
          body: "",
          extractor_version: "bench",
          created_at: created,
          updated_at: created,
        },
      ]);
      const tasks: Row<"tasks">[] = [];
      const assignments: Row<"assignments">[] = [];
      const co: Row<"assignment_departments">[] = [];
      const progress: Row<"progress_entries">[] = [];
      const extensions: Row<"extension_requests">[] = [];
      const milestones: Row<"milestones">[] = [];
      const events: Row<"assignment_events">[] = [];
      for (let i = 0; i < count; i++) {
        const id = `a${String(n++).padStart(7, "0")}`;
        const taskId = `t-${id}`;
        const text = `${pick(TEXTS)}（${id}）`;
        const start = Math.floor(rand() * 60);
        const deadline = dayOfYear(start + 30 + Math.floor(rand() * 330));
        const assignedDay = dayOfYear(start);
        const lead = pick(depts).id;
        const roll = rand();
        const status = roll < 0.2 ? "closed" : roll < 0.3 ? "assigned" : roll < 0.33 ? "done" : "in_progress";
        const closedDay = status === "closed" ? dayOfYear(start + 10 + Math.floor(rand() * 200)) : null;
        tasks.push({
          id: taskId,
          report_id: reportId,
          ext_id: `t${i}`,
          group_name: null,
          text,
          section_ext_id: null,
          deadline,
          fact_ext_ids: "[]",
          start_pos: i * 100,
          end_pos: i * 100 + text.length,
          region_id: region.id,
          plan_year: year,
        });
        assignments.push({
          id,
          task_id: taskId,
          lead_department_id: lead,
          deadline,
          status,
          note: null,
          created_by: null,
          created_at: iso(assignedDay),
          updated_at: iso(assignedDay),
          ack_due_date: dayOfYear(start + 3),
          acknowledged_at: status === "assigned" ? null : iso(dayOfYear(start + Math.floor(rand() * 6))),
          closed_at: closedDay && closedDay <= today ? iso(closedDay) : null,
        });
        if (rand() < 0.3) {
          const other = pick(depts).id;
          if (other !== lead) co.push({ assignment_id: id, department_id: other });
        }
        events.push({
          id: `e-${id}-0`,
          assignment_id: id,
          at: iso(assignedDay),
          actor_id: null,
          action: "assign",
          from_state: null,
          to_state: "assigned",
          detail: null,
        });
        if (status !== "assigned" && rand() < 0.8) {
          const reports = 1 + Math.floor(rand() * 3);
          for (let p = 0; p < reports; p++) {
            const returned = rand() < 0.05;
            const day = dayOfYear(start + 20 * (p + 1));
            if (day > today) break;
            progress.push({
              id: `p-${id}-${p}`,
              assignment_id: id,
              author_id: null,
              percent: Math.min(100, 15 * (p + 1) + Math.floor(rand() * 20)),
              text: `第${p + 1}次进展：按计划推进`,
              created_at: iso(day),
              kind: "progress",
              review_status: returned ? "returned" : "accepted",
              reviewed_at: iso(day),
              review_reason: returned ? "佐证材料不全" : null,
            });
          }
        }
        if (rand() < 0.03)
          extensions.push({
            id: `x-${id}`,
            assignment_id: id,
            requested_by: null,
            current_deadline: dayOfYear(start + 20),
            requested_deadline: deadline,
            reason: "受天气影响",
            status: "approved",
            decided_by: null,
            decided_at: iso(dayOfYear(start + 15)),
            decision_reason: "同意",
            created_at: iso(dayOfYear(start + 12)),
          });
        if (rand() < 0.1)
          milestones.push({
            id: `m-${id}`,
            assignment_id: id,
            title: "完成前期手续",
            due_date: dayOfYear(start + 40),
            done_at: rand() < 0.5 ? iso(dayOfYear(start + 35)) : null,
          });
      }
      await insertAll(db, "tasks", tasks);
      await insertAll(db, "assignments", assignments);
      await insertAll(db, "assignment_departments", co);
      await insertAll(db, "progress_entries", progress);
      await insertAll(db, "extension_requests", extensions);
      await insertAll(db, "milestones", milestones);
      await insertAll(db, "assignment_events", events);
    }
  }
  return { bulletinRegionId: "bench-region-bulletin" };
}

async function open(dialect: Dialect): Promise<{ db: Db; drop(): Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "duban-bench-supervise-"));
    const db = await openDatabase({ dialect: "sqlite", path: join(dir, "duban.sqlite") });
    return {
      db,
      drop: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `duban_bench_supervise_${process.pid}`;
  const admin = new pg.Client(PG_ADMIN);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = await openDatabase({ dialect: "postgres", url: PG_ADMIN.replace(/\/[^/]*$/, `/${name}`) });
  return {
    db,
    drop: async () => {
      await db.close();
      const c = new pg.Client(PG_ADMIN);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Wall time, and this process's CPU time beside it: on a shared machine the wall time also counts waiting for
 * a core (and, for PostgreSQL, the server's own work, which the CPU figure leaves out).
 */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const t = performance.now();
  const c = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(c);
  return { ms: Math.round(performance.now() - t), cpu: Math.round((used.user + used.system) / 1000), value };
}

const verdict = (ms: number, goal: number) =>
  ms < goal ? `ok (< ${goal / 1000} s)` : `SLOW (goal < ${goal / 1000} s)`;

async function run(dialect: Dialect): Promise<string[]> {
  const { db, drop } = await open(dialect);
  try {
    const seeding = await timed(() => seed(db));
    log(`${dialect}: seeded ${TOTAL} assignments in ${(seeding.ms / 1000).toFixed(1)} s`);
    const ctx = systemContext(db, null);
    const first = await timed(() => recomputeStatuses(ctx));
    const second = await timed(() => recomputeStatuses(ctx, { full: true }));
    const incremental = await timed(() => recomputeStatuses(ctx));
    // The next day: colours mostly hold, but every open row's days-to-deadline and 序时进度 move.
    const tomorrow = { ...ctx, now: () => new Date(Date.now() + 86_400_000) };
    const nextDay = await timed(() => recomputeStatuses(tomorrow));
    const admin = systemContext(db, SYSTEM_ACTOR);
    const year = shanghaiDay(new Date()).slice(0, 4);
    const bulletin = await timed(async () => {
      const model = await bulletinModel(admin, { regionId: seeding.value.bulletinRegionId, period: year });
      return { model, bytes: await renderBulletinDocx(model) };
    });
    const ledger = await timed(() => buildLedger(admin, { regionId: seeding.value.bulletinRegionId }));
    const m = bulletin.value.model;
    return [
      `${dialect}:`,
      `  recompute, every colour changes: ${first.ms} ms, cpu ${first.cpu} ms (${first.value.checked} checked, ${first.value.changed} written) — ${verdict(first.ms, GOAL.recompute)}`,
      `  recompute, nothing changes:      ${second.ms} ms, cpu ${second.cpu} ms (${second.value.checked} checked, ${second.value.changed} written) — ${verdict(second.ms, GOAL.recompute)}`,
      `  recompute, later run of the day: ${incremental.ms} ms, cpu ${incremental.cpu} ms (${incremental.value.checked} checked, ${incremental.value.changed} written)`,
      `  recompute, first run next day:   ${nextDay.ms} ms, cpu ${nextDay.cpu} ms (${nextDay.value.checked} checked, ${nextDay.value.changed} written) — ${verdict(nextDay.ms, GOAL.recompute)}`,
      `  通报 for ${m.summary.tasks} tasks (model + .docx, ${bulletin.value.bytes.length} bytes, ${m.departments.length} departments, ${m.overdue.length} overdue): ${bulletin.ms} ms, cpu ${bulletin.cpu} ms — ${verdict(bulletin.ms, GOAL.bulletin)}`,
      `  台账 for ${ledger.value.rows} tasks (.xlsx, ${ledger.value.bytes.length} bytes): ${ledger.ms} ms, cpu ${ledger.cpu} ms`,
    ];
  } finally {
    await drop();
  }
}

const dialects: Dialect[] = ONLY === "sqlite" || ONLY === "postgres" ? [ONLY] : ["sqlite", "postgres"];
const lines: string[] = [];
for (const d of dialects) lines.push(...(await run(d)));
console.log(lines.join("\n"));
