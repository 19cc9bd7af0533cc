import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { systemContext } from "../../src/app/context.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";

const corpus = resolve(import.meta.dirname, "../../../shared/corpus");
const present = existsSync(corpus);
if (!present) console.warn(`SKIPPED corpus ingest tests: ${corpus} is absent`);
const files = present
  ? readdirSync(corpus)
      .filter((f) => f.endsWith(".txt"))
      .sort()
  : [];

describe.each(DIALECTS)("ingest on %s", (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb(dialect);
  });
  afterAll(async () => {
    await db.drop();
  });

  it.skipIf(!present)(
    "stores every corpus report once, with its facts and tasks, and an audit entry each",
    async () => {
      const ctx = systemContext(db, SYSTEM_ACTOR);
      let expectedFacts = 0;
      for (const f of files) {
        const r = await ingestReport(ctx, { bytes: readFileSync(join(corpus, f)), path: f });
        expect(r.status).toBe("new");
        expectedFacts += r.facts;
      }
      const reports = await db.kysely
        .selectFrom("reports")
        .select(["id", "region_name", "plan_year"])
        .execute();
      expect(reports).toHaveLength(files.length);
      const facts = await db.kysely
        .selectFrom("facts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(facts.n)).toBe(expectedFacts);
      const audits = await db.kysely
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "report.ingest")
        .execute();
      expect(audits).toHaveLength(files.length);
      // GDP facts are linked to the catalog through synonyms (生产总值/地区生产总值/国内生产总值 → one indicator).
      const gdp = await db.kysely
        .selectFrom("facts")
        .select("indicator")
        .distinct()
        .where("indicator_id", "=", "ind-001")
        .execute();
      expect(gdp.map((g) => g.indicator)).toEqual(
        expect.arrayContaining(["地区生产总值", "生产总值", "国内生产总值"]),
      );
    },
  );

  it.skipIf(!present)("re-ingesting the same bytes changes nothing", async () => {
    const ctx = systemContext(db, SYSTEM_ACTOR);
    const before = await db.kysely
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    for (const f of files.slice(0, 3)) {
      const r = await ingestReport(ctx, { bytes: readFileSync(join(corpus, f)), path: `again/${f}` });
      expect(r.status).toBe("unchanged");
    }
    const after = await db.kysely
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await db.kysely.selectFrom("reports").select("id").execute()).toHaveLength(files.length);
  });

  it("refuses to change or delete audit entries", async () => {
    await expect(db.kysely.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    await expect(db.kysely.updateTable("audit_log").set({ action: "x" }).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it("refuses an ingest without a role that may ingest", async () => {
    const ctx = systemContext(db, { ...SYSTEM_ACTOR, role: "viewer" });
    await expect(ingestReport(ctx, { bytes: Buffer.from("x"), path: "x.txt" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
