import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CompiledQuery, type Kysely, type KyselyPlugin, Migrator, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { systemContext } from "../../src/app/context.js";
import { factSearch, listFacts } from "../../src/app/facts/listFacts.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { queryTokens, searchTokens } from "../../src/core/text/search.js";
import { type Db, type Dialect, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import * as m0001 from "../../src/db/migrations/0001_initial.js";
import * as m0002 from "../../src/db/migrations/0002_indicator_catalog.js";
import * as m0003 from "../../src/db/migrations/0003_supervision.js";
import { listFacts as listFactRows } from "../../src/db/repos/facts.js";
import type { NewFact } from "../../src/db/schema.js";
import { DIALECTS, freshDb, PG_ADMIN_URL, type TestDb } from "../support/db.js";

const corpus = resolve(import.meta.dirname, "../../../shared/corpus");
const present = existsSync(corpus);
if (!present) console.warn(`SKIPPED search plan tests: ${corpus} is absent`);
const corpusFiles = present
  ? readdirSync(corpus)
      .filter((n) => n.endsWith(".txt") && !n.includes("gb18030"))
      .sort()
  : [];

/** Every page of a search, following the cursors. */
async function allPages(db: Db, q: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const ctx = systemContext(db, SYSTEM_ACTOR);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await listFacts(
      ctx,
      { q, limit: 7, ...(cursor ? { cursor } : {}), ...extra } as never,
      { publicReadOnly: false } as never,
    );
    ids.push(...page.items.map((f) => f.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return ids;
}

/** The postings are exactly the (token, fact) pairs of every fact's search_text. */
async function expectPostingsMirrorFacts(db: Db): Promise<void> {
  const facts = await db.kysely.selectFrom("facts").select(["id", "search_text"]).execute();
  const want = facts
    .flatMap((f) => [...new Set(f.search_text.split(" ").filter((t) => t !== ""))].map((t) => `${t} ${f.id}`))
    .sort();
  const have = (await db.kysely.selectFrom("fact_postings").select(["token", "fact_id"]).execute())
    .map((p) => `${p.token} ${p.fact_id}`)
    .sort();
  expect(have.length).toBe(want.length);
  expect(have).toEqual(want);
}

interface Expected {
  kind?: string;
  reportId?: string;
  planYear?: number;
  regionId?: string;
}

describe.skipIf(!present).each(DIALECTS)("full-text search plans on %s", (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb(dialect);
    const ctx = systemContext(db, SYSTEM_ACTOR);
    for (const f of corpusFiles.slice(0, 8))
      await ingestReport(ctx, { bytes: readFileSync(join(corpus, f)), path: f });
    await sql`ANALYZE`.execute(db.kysely);
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The facts whose indexed tokens include every query token (and whose quote holds every single character). */
  async function expected(q: string, filter: Expected = {}): Promise<string[]> {
    const search = factSearch(q);
    const tokens = search?.tokens ?? queryTokens(q);
    let rows = await db.kysely
      .selectFrom("facts")
      .select(["id", "search_text", "quote", "kind", "report_id", "plan_year", "region_id"])
      .execute();
    rows = rows.filter(
      (r) =>
        tokens.every((t) => r.search_text.split(" ").includes(t)) &&
        (search?.like ?? []).every((c) => r.quote.includes(c)),
    );
    if (filter.kind) rows = rows.filter((r) => r.kind === filter.kind);
    if (filter.reportId) rows = rows.filter((r) => r.report_id === filter.reportId);
    if (filter.planYear) rows = rows.filter((r) => r.plan_year === filter.planYear);
    if (filter.regionId) rows = rows.filter((r) => r.region_id === filter.regionId);
    return rows.map((r) => r.id).sort();
  }

  /** The ids in the database's order (its collation, not JavaScript's). */
  async function inIdOrder(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await db.kysely
      .selectFrom("facts")
      .select("id")
      .where("id", "in", ids)
      .orderBy("id")
      .execute();
    return rows.map((r) => r.id);
  }

  it.each(["生产总值", "增长", "一般公共预算收入", "高新技术企业", "GDP", "不存在的词语组合"])(
    "%s: every page together is exactly the matching facts, each once, in id order",
    async (q) => {
      const ids = await allPages(db, q);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(await inIdOrder(ids));
      expect([...ids].sort()).toEqual(await expected(q));
    },
  );

  it("finds facts with words that rarely meet: the walk goes on until the page is full", async () => {
    // 亿元 and 新增 are both common, but seldom in one quote: most candidates of the rarer one fail.
    const ids = await allPages(db, "亿元 新增");
    expect(ids.length).toBeGreaterThan(0);
    expect([...ids].sort()).toEqual(await expected("亿元 新增"));
  });

  it("combines index tokens with single characters matched in the quote", async () => {
    const ids = await allPages(db, "生产总值 亿");
    expect(ids.length).toBeGreaterThan(0);
    expect([...ids].sort()).toEqual(await expected("生产总值 亿"));
  });

  it("combines a search with a filter", async () => {
    const ids = await allPages(db, "增长", { kind: "target" });
    expect([...ids].sort()).toEqual(await expected("增长", { kind: "target" }));
  });

  it("combines a search with report, year and region filters", async () => {
    const report = await db.kysely
      .selectFrom("reports")
      .select(["id", "plan_year", "region_id"])
      .where("plan_year", "is not", null)
      .where("region_id", "is not", null)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const year = report.plan_year as number;
    const region = report.region_id as string;
    expect(await allPages(db, "增长", { reportId: report.id })).toEqual(
      await expected("增长", { reportId: report.id }),
    );
    expect([...(await allPages(db, "增长", { year }))].sort()).toEqual(
      await expected("增长", { planYear: year }),
    );
    expect([...(await allPages(db, "增长", { regionId: region }))].sort()).toEqual(
      await expected("增长", { regionId: region }),
    );
    // A region and a year are about one report: the search starts from its facts instead of the postings.
    const both = await allPages(db, "生产总值", { regionId: region, year });
    expect(both.length).toBeGreaterThan(0);
    expect([...both].sort()).toEqual(await expected("生产总值", { regionId: region, planYear: year }));
  });

  it("a page of a common token is one statement that walks the postings in id order, no sort", async () => {
    // Every query Kysely builds passes transformQuery (subqueries too); only executed ones get a result.
    const built = new Map<unknown, CompiledQuery>();
    const statements: CompiledQuery[] = [];
    const capture: KyselyPlugin = {
      transformQuery: (args) => {
        built.set(args.queryId, db.kysely.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: async (args) => {
        const compiled = built.get(args.queryId);
        if (compiled) statements.push(compiled);
        return args.result;
      },
    };
    const q = db.kysely.withPlugin(capture);
    const scope = { regionIds: null, publishedOnly: false };
    const search = factSearch("生产总值");
    // Token counts are looked up once and remembered; the page after them is a single statement.
    await listFactRows(q, dialect, scope, { search, limit: 21 });
    statements.length = 0;
    const page = await listFactRows(q, dialect, scope, { search, limit: 21 });
    expect(page.map((f) => f.id)).toEqual((await inIdOrder(await expected("生产总值"))).slice(0, 21));
    expect(statements).toHaveLength(1);
    const [walk] = statements as [CompiledQuery];
    if (dialect === "sqlite") {
      const plan = await db.kysely.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${walk.sql}`, [...walk.parameters]),
      );
      const steps = plan.rows.map((r) => r.detail);
      expect(steps[0]).toMatch(/^SEARCH p USING PRIMARY KEY \(token=\?/);
      expect(steps.join("\n")).not.toMatch(/TEMP B-TREE/);
    } else {
      const plan = await db.kysely.executeQuery<{ "QUERY PLAN": string }>(
        CompiledQuery.raw(`EXPLAIN (COSTS OFF) ${walk.sql}`, [...walk.parameters]),
      );
      const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text).toMatch(/Index (Only )?Scan using fact_postings_pkey on fact_postings p/);
      expect(text).not.toMatch(/Sort|Merge Join|Hash Join/);
    }
  });

  it("postings mirror every fact's search text", async () => {
    await expectPostingsMirrorFacts(db);
  });

  it("splits queries into index tokens and single characters", () => {
    expect(factSearch("生产总值")).toEqual({ tokens: ["生产", "产总", "总值"], like: [] });
    expect(factSearch("增")).toEqual({ tokens: [], like: ["增"] });
  });
});

describe.skipIf(!present).each(DIALECTS)("search postings follow the facts on %s", (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb(dialect);
    const ctx = systemContext(db, SYSTEM_ACTOR);
    for (const f of corpusFiles.slice(0, 2))
      await ingestReport(ctx, { bytes: readFileSync(join(corpus, f)), path: f });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("finds only facts of reports the reader may see: not deleted, published for the public", async () => {
    const [a, b] = await db.kysely.selectFrom("reports").select("id").orderBy("id").execute();
    const search = factSearch("增长");
    const found = async (publishedOnly: boolean) => {
      const rows = await listFactRows(
        db.kysely,
        dialect,
        { regionIds: null, publishedOnly },
        { search, limit: 10_000 },
      );
      return [...new Set(rows.map((r) => r.report_id))].sort();
    };
    expect(await found(false)).toEqual([a?.id, b?.id].sort());
    await db.kysely
      .updateTable("reports")
      .set({ published: 1 })
      .where("id", "=", b?.id as string)
      .execute();
    await db.kysely
      .updateTable("reports")
      .set({ published: 0 })
      .where("id", "=", a?.id as string)
      .execute();
    expect(await found(true)).toEqual([b?.id]);
    await db.kysely
      .updateTable("reports")
      .set({ deleted_at: "2026-01-01T00:00:00Z" })
      .where("id", "=", b?.id as string)
      .execute();
    expect(await found(false)).toEqual([a?.id]);
    expect(await found(true)).toEqual([]);
    await db.kysely
      .updateTable("reports")
      .set({ deleted_at: null })
      .where("id", "=", b?.id as string)
      .execute();
  });

  it("through a re-extraction, which deletes and rewrites a report's facts", async () => {
    const [report] = await db.kysely.selectFrom("reports").select("id").orderBy("id").execute();
    await db.kysely
      .updateTable("reports")
      .set({ extractor_version: "old" })
      .where("id", "=", report?.id as string)
      .execute();
    const r = await ingestReport(systemContext(db, SYSTEM_ACTOR), {
      bytes: readFileSync(join(corpus, corpusFiles[0] as string)),
      path: corpusFiles[0] as string,
    });
    expect(r.status).toBe("reextracted");
    await expectPostingsMirrorFacts(db);
  });

  it("when a fact's search text changes", async () => {
    const fact = await db.kysely.selectFrom("facts").select("id").orderBy("id").executeTakeFirstOrThrow();
    await db.kysely
      .updateTable("facts")
      .set({ search_text: searchTokens("独一无二的说法") })
      .where("id", "=", fact.id)
      .execute();
    await expectPostingsMirrorFacts(db);
    expect(await allPages(db, "独一无二")).toEqual([fact.id]);
  });

  it("when facts are deleted", async () => {
    const [report] = await db.kysely.selectFrom("reports").select("id").orderBy("id").execute();
    await db.kysely
      .deleteFrom("facts")
      .where("report_id", "=", report?.id as string)
      .execute();
    await expectPostingsMirrorFacts(db);
    expect(await allPages(db, "独一无二")).toEqual([]);
  });
});

/** A database migrated up to 0003 only, to test what 0004 does to the rows already there. */
async function dbBefore(dialect: Dialect): Promise<{ db: Db; drop: () => Promise<void> }> {
  const name = `duban_t_${process.pid}_${Date.now().toString(36)}_m4`;
  let db: Db;
  let drop: () => Promise<void>;
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "duban-test-"));
    db = await openDatabase({ dialect, path: join(dir, "duban.sqlite") }, { migrate: false });
    drop = async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const admin = new pg.Client(PG_ADMIN_URL);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    db = await openDatabase(
      { dialect, url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) },
      { migrate: false },
    );
    drop = async () => {
      await db.close();
      const c = new pg.Client(PG_ADMIN_URL);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const steps = { "0001_initial": m0001, "0002_indicator_catalog": m0002, "0003_supervision": m0003 };
  const migrator = new Migrator({
    db: db.kysely,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          Object.entries(steps).map(([n, s]) => [n, { up: (k: Kysely<unknown>) => s.up(k, dialect) }]),
        ),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return { db, drop };
}

describe.each(DIALECTS)("migration 0004 on %s", (dialect) => {
  it("indexes the facts already in the ledger", async () => {
    const { db, drop } = await dbBefore(dialect);
    try {
      const now = new Date().toISOString();
      await db.kysely
        .insertInto("reports")
        .values({
          id: "r1",
          sha256: "x".repeat(64),
          region_id: null,
          title: "t",
          region_name: null,
          report_date: null,
          summary_year: null,
          plan_year: 2025,
          source_path: "r1.txt",
          format: "txt",
          encoding: "utf-8",
          script: "simplified",
          chars: 0,
          body: "",
          extractor_version: "x",
          published: 1,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const quotes = ["地区生产总值增长6%", "一般公共预算收入12亿元", "GDP 3.5万亿元", "生产总值", "增"];
      const facts: NewFact[] = quotes.map((quote, i) => ({
        id: `r1:f:${i}`,
        report_id: "r1",
        ext_id: `f${i}`,
        kind: "actual",
        indicator: null,
        indicator_id: null,
        subject: null,
        measure: "level",
        value: i,
        value_max: null,
        unit: "%",
        normalized_value: null,
        normalized_unit: null,
        comparator: "eq",
        basis: null,
        period_from: null,
        period_to: null,
        section_ext_id: null,
        section_role: null,
        quote,
        start_pos: i,
        end_pos: i + 1,
        region_id: null,
        plan_year: 2025,
        search_text: searchTokens(quote),
      }));
      await db.kysely.insertInto("facts").values(facts).execute();
      await migrateToLatest(db);
      await expectPostingsMirrorFacts(db);
      expect(await allPages(db, "生产总值")).toEqual(["r1:f:0", "r1:f:3"]);
      expect(await allPages(db, "3.5")).toEqual(["r1:f:2"]);
    } finally {
      await drop();
    }
  });
});
