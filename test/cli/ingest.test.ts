import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import {
  buildOnce,
  CORPUS,
  connect,
  copyCorpus,
  count,
  expectedCounts,
  type FreshTarget,
  freshTarget,
  HAS_CORPUS,
  runDuban,
} from "../ops/support.js";
import { DIALECTS } from "../support/db.js";

if (!HAS_CORPUS) console.warn(`SKIPPED duban ingest corpus tests: ${CORPUS} is absent`);

beforeAll(buildOnce, 120_000);

/** The number after a summary label such as "新增 new:". */
function summaryCount(stdout: string, label: string): number {
  const m = new RegExp(`^\\s+\\S+ ${label}:\\s+(\\d+)$`, "m").exec(stdout);
  if (!m) throw new Error(`no "${label}" line in:\n${stdout}`);
  return Number(m[1]);
}

describe.each(DIALECTS)("duban ingest on %s", (dialect) => {
  let t: FreshTarget;
  let db: Db;
  let files: string[];
  let dir: string;
  beforeAll(async () => {
    t = await freshTarget(dialect);
    dir = join(t.dir, "reports");
    files = HAS_CORPUS ? copyCorpus(dir) : [];
  });
  afterAll(async () => {
    await db?.close();
    await t.drop();
  });

  it.skipIf(!HAS_CORPUS)(
    "stores a corpus directory, lists a bad file as failed (exit 1) and keeps the good ones",
    async () => {
      writeFileSync(join(dir, "zz-broken.txt"), Buffer.from([0, 1, 2, 3, 0, 0, 0, 9, 0, 0, 0, 0]));
      const r = await runDuban(["--db", t.url, "ingest", dir]);
      expect(r.code).toBe(1);
      expect(summaryCount(r.stdout, "new")).toBe(files.length);
      expect(summaryCount(r.stdout, "unchanged")).toBe(0);
      expect(summaryCount(r.stdout, "re-extracted")).toBe(0);
      expect(summaryCount(r.stdout, "failed")).toBe(1);
      expect(r.stdout).toMatch(/^ {4}.*zz-broken\.txt: .*binary data/m);
      expect(r.stdout).toMatch(/^入库 ingest: /);
      expect(r.errLines).toEqual([expect.stringMatching(/^duban: .*zz-broken\.txt: /)]);

      db = await connect(t.url);
      const expected = await expectedCounts(files.map((f) => join(dir, f)));
      expect(await count(db, "reports")).toBe(files.length);
      expect(await count(db, "facts")).toBe([...expected.values()].reduce((n, e) => n + e.facts, 0));
      expect(await count(db, "tasks")).toBe([...expected.values()].reduce((n, e) => n + e.tasks, 0));
    },
  );

  it.skipIf(!HAS_CORPUS)("a rerun finds every report unchanged and writes nothing", async () => {
    rmSync(join(dir, "zz-broken.txt"));
    const audits = await count(db, "audit_log");
    const r = await runDuban(["--db", t.url, "ingest", dir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(summaryCount(r.stdout, "new")).toBe(0);
    expect(summaryCount(r.stdout, "unchanged")).toBe(files.length);
    expect(summaryCount(r.stdout, "failed")).toBe(0);
    expect(await count(db, "audit_log")).toBe(audits);
    expect(await count(db, "reports")).toBe(files.length);
  });

  it("refuses a file over --max-size and a path that does not exist (exit 2)", async () => {
    const big = join(t.dir, "big.txt");
    writeFileSync(big, "政府工作报告\n".repeat(100_000));
    const r = await runDuban(["--db", t.url, "ingest", big, join(t.dir, "nope.txt"), "--max-size", "0.5"]);
    expect(r.code).toBe(2);
    expect(summaryCount(r.stdout, "failed")).toBe(2);
    expect(r.stderr).toMatch(/big\.txt: The input is .* more than the limit of 512 KB/);
    expect(r.stderr).toMatch(/nope\.txt: no such file or directory/);
  });
});
