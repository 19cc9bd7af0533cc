import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { systemContext } from "../../src/app/context.js";
import { factSearch, listFacts } from "../../src/app/facts/listFacts.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { queryTokens } from "../../src/core/text/search.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";

const corpus = resolve(import.meta.dirname, "../../../shared/corpus");
const present = existsSync(corpus);
if (!present) console.warn(`SKIPPED search plan tests: ${corpus} is absent`);

/** Every page of a search, following the cursors. */
async function allPages(db: TestDb, q: string, extra: Record<string, unknown> = {}): Promise<string[]> {
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

describe.skipIf(!present).each(DIALECTS)("full-text search plans on %s", (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb(dialect);
    const ctx = systemContext(db, SYSTEM_ACTOR);
    for (const f of readdirSync(corpus)
      .filter((n) => n.endsWith(".txt") && !n.includes("gb18030"))
      .slice(0, 8))
      await ingestReport(ctx, { bytes: readFileSync(join(corpus, f)), path: f });
    // Statistics make PostgreSQL's planner take the id-order walk for common tokens.
    await sql`ANALYZE`.execute(db.kysely);
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The facts whose indexed tokens include every query token, computed without any index. */
  async function expected(q: string, kind?: string): Promise<string[]> {
    const tokens = queryTokens(q);
    let rows = await db.kysely.selectFrom("facts").select(["id", "search_text", "kind"]).execute();
    rows = rows.filter((r) => tokens.every((t) => r.search_text.split(" ").includes(t)));
    if (kind) rows = rows.filter((r) => r.kind === kind);
    return rows.map((r) => r.id).sort();
  }

  it.each(["生产总值", "增长", "一般公共预算收入", "高新技术企业", "GDP", "不存在的词语组合"])(
    "%s: every page together is exactly the matching facts, each once",
    async (q) => {
      const ids = await allPages(db, q);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(await expected(q));
    },
  );

  it("combines a search with a filter", async () => {
    const ids = await allPages(db, "增长", { kind: "target" });
    expect([...ids].sort()).toEqual(await expected("增长", "target"));
  });

  it("splits queries into index tokens and single characters", () => {
    expect(factSearch("生产总值")).toEqual({ tokens: ["生产", "产总", "总值"], like: [] });
    expect(factSearch("增")).toEqual({ tokens: [], like: ["增"] });
  });
});
