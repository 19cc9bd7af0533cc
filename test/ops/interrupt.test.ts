import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import { DIALECTS } from "../support/db.js";
import {
  buildOnce,
  CORPUS,
  connect,
  count,
  distinctReports,
  expectedCounts,
  freshTarget,
  HAS_CORPUS,
  runDuban,
  startCli,
} from "./support.js";

if (!HAS_CORPUS) console.warn(`SKIPPED kill -9 ingest tests: ${CORPUS} is absent`);

const FILES = 40;

beforeAll(buildOnce, 120_000);

/**
 * What must hold after any interruption: every stored report once, each with exactly the facts and tasks
 * extraction gives for its bytes (no half-written report), and one ingest audit entry per report.
 */
async function expectConsistent(db: Db, expected: Map<string, { facts: number; tasks: number }>) {
  const reports = await db.kysely.selectFrom("reports").select(["id", "sha256"]).execute();
  expect(new Set(reports.map((r) => r.sha256)).size).toBe(reports.length);
  const facts = await db.kysely
    .selectFrom("facts")
    .select(["report_id", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("report_id")
    .execute();
  const tasks = await db.kysely
    .selectFrom("tasks")
    .select(["report_id", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("report_id")
    .execute();
  const factsOf = new Map(facts.map((f) => [f.report_id, Number(f.n)]));
  const tasksOf = new Map(tasks.map((f) => [f.report_id, Number(f.n)]));
  for (const r of reports) {
    const want = expected.get(r.sha256);
    expect(want, `report ${r.id} is one of the inputs`).toBeDefined();
    expect(factsOf.get(r.id) ?? 0, `facts of ${r.id}`).toBe(want?.facts);
    expect(tasksOf.get(r.id) ?? 0, `tasks of ${r.id}`).toBe(want?.tasks);
  }
  // No facts or tasks belong to a report that is not there.
  const ids = new Set(reports.map((r) => r.id));
  expect([...factsOf.keys(), ...tasksOf.keys()].filter((id) => !ids.has(id))).toEqual([]);
  const audits = await db.kysely
    .selectFrom("audit_log")
    .select("entity_id")
    .where("action", "=", "report.ingest")
    .execute();
  expect(audits.map((a) => a.entity_id).sort()).toEqual([...ids].sort());
  return reports.length;
}

describe.each(DIALECTS)("kill -9 in the middle of duban ingest on %s", (dialect) => {
  it.skipIf(!HAS_CORPUS)(
    "leaves only complete reports, and a rerun stores the rest exactly once",
    async () => {
      const t = await freshTarget(dialect);
      let db: Db | undefined;
      try {
        const dir = join(t.dir, "batch");
        const paths = distinctReports(dir, FILES);
        const expected = await expectedCounts(paths);
        expect(expected.size).toBe(FILES);
        expect((await runDuban(["--db", t.url, "db", "migrate"])).code).toBe(0);
        db = await connect(t.url);

        const run = startCli(["--db", t.url, "ingest", dir]);
        let seen = 0;
        const started = Date.now();
        while (seen < 3) {
          seen = await count(db, "reports");
          if (run.child.exitCode !== null) break;
          if (Date.now() - started > 60_000) throw new Error("no report stored within 60 s");
          await new Promise((r) => setTimeout(r, 5));
        }
        run.child.kill("SIGKILL");
        expect(await run.exited).toBe("SIGKILL");

        const stored = await expectConsistent(db, expected);
        expect(stored).toBeGreaterThanOrEqual(3);
        expect(stored, "the batch was interrupted before the end").toBeLessThan(FILES);

        const rerun = await runDuban(["--db", t.url, "ingest", dir]);
        expect(rerun.stderr).toBe("");
        expect(rerun.code).toBe(0);
        expect(rerun.stdout).toMatch(new RegExp(`新增 new:\\s+${FILES - stored}$`, "m"));
        expect(rerun.stdout).toMatch(new RegExp(`未变 unchanged:\\s+${stored}$`, "m"));
        expect(await expectConsistent(db, expected)).toBe(FILES);
      } finally {
        await db?.close();
        await t.drop();
      }
    },
    120_000,
  );

  it.skipIf(!HAS_CORPUS)(
    "two ingests of the same files at once store each report once; the loser counts it unchanged",
    async () => {
      const t = await freshTarget(dialect);
      let db: Db | undefined;
      try {
        const dir = join(t.dir, "batch");
        const paths = distinctReports(dir, 20);
        const expected = await expectedCounts(paths);
        expect((await runDuban(["--db", t.url, "db", "migrate"])).code).toBe(0);
        const [a, b] = await Promise.all([
          runDuban(["--db", t.url, "ingest", dir]),
          runDuban(["--db", t.url, "ingest", dir]),
        ]);
        for (const r of [a, b]) {
          expect(r.stderr).toBe("");
          expect(r.code).toBe(0);
        }
        const news = [a, b].map((r) => Number(/新增 new:\s+(\d+)/.exec(r.stdout)?.[1]));
        const unchanged = [a, b].map((r) => Number(/未变 unchanged:\s+(\d+)/.exec(r.stdout)?.[1]));
        expect((news[0] ?? 0) + (news[1] ?? 0)).toBe(20);
        expect((unchanged[0] ?? 0) + (unchanged[1] ?? 0)).toBe(20);
        db = await connect(t.url);
        expect(await expectConsistent(db, expected)).toBe(20);
      } finally {
        await db?.close();
        await t.drop();
      }
    },
    120_000,
  );
});
