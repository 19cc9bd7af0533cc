import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryTokens, searchTokens } from "../../src/core/text/search.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { SAMPLE, SAMPLE2, server, upload, userWithToken } from "./reports.support.js";

type Auth = { authorization: string };
type FactItem = {
  id: string;
  reportId: string;
  regionId: string | null;
  planYear: number | null;
  indicatorId: string | null;
  sectionRole: string | null;
  quote: string;
  extracted: { kind: string; indicator: string | null };
};

describe.each(DIALECTS)("facts API on %s", (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let viewer: Auth;
  let ids: { sample: string; sample2: string };
  let all: Array<{ id: string; indicator: string | null; quote: string; report_id: string }>;

  async function list(query: string, auth: Auth | Record<string, never> = viewer): Promise<FactItem[]> {
    const out: FactItem[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<FastifyInstance["inject"]>> = await app.inject({
        method: "GET",
        url: `/api/v1/facts?limit=40&${query}${cursor ? `&cursor=${cursor}` : ""}`,
        headers: auth,
      });
      expect(res.statusCode, res.body).toBe(200);
      out.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    return out;
  }

  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await server(db);
    const admin = (await userWithToken(db, "admin")).auth;
    viewer = (await userWithToken(db, "viewer")).auth;
    const res = await upload(app, admin, [
      { name: "a.txt", content: SAMPLE },
      { name: "b.txt", content: SAMPLE2 },
    ]);
    const [a, b] = res.json().results;
    ids = { sample: a.reportId, sample2: b.reportId };
    all = await db.kysely.selectFrom("facts").select(["id", "indicator", "quote", "report_id"]).execute();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it("pages through every fact in id order with a cursor", async () => {
    const items = await list("");
    expect(items).toHaveLength(194);
    const got = items.map((f) => f.id);
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual([...got].sort());
  });

  it("filters by report, region, plan year, kind, section role and period", async () => {
    const ofReport = await list(`reportId=${ids.sample}`);
    expect(ofReport).toHaveLength(97);
    expect(ofReport.every((f) => f.reportId === ids.sample)).toBe(true);
    const region = ofReport[0]?.regionId;
    const ofRegion = await list(`regionId=${region}`);
    expect(ofRegion.map((f) => f.id)).toEqual(ofReport.map((f) => f.id));
    const ofYear = await list("year=2026");
    expect(ofYear).toHaveLength(97);
    expect(ofYear.every((f) => f.reportId === ids.sample2 && f.planYear === 2026)).toBe(true);
    const targets = await list(`kind=target&reportId=${ids.sample}`);
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.length).toBeLessThan(97);
    expect(targets.every((f) => f.extracted.kind === "target")).toBe(true);
    const plan = await list("sectionRole=plan");
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.every((f) => f.sectionRole === "plan")).toBe(true);
    const period = await list("period=2024");
    const rows = await db.kysely
      .selectFrom("facts")
      .select("id")
      .where("period_from", "<=", 2024)
      .where("period_to", ">=", 2024)
      .execute();
    expect(period.map((f) => f.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(rows.length).toBeGreaterThan(0);
    const bad = await app.inject({ method: "GET", url: "/api/v1/facts?kind=maybe", headers: viewer });
    expect(bad.statusCode).toBe(400);
  });

  it("filters by indicator: a synonym, a catalog id, or an extracted name outside the catalog", async () => {
    const bySynonym = await list(`indicator=${encodeURIComponent("GDP")}`);
    expect(bySynonym.length).toBeGreaterThan(0);
    expect(bySynonym.every((f) => f.indicatorId === "ind-001")).toBe(true);
    const byId = await list("indicator=ind-001");
    expect(byId.map((f) => f.id)).toEqual(bySynonym.map((f) => f.id));
    const byName = await list(`indicator=${encodeURIComponent("新增市场主体")}`);
    expect(byName).toHaveLength(2);
    expect(byName.every((f) => f.extracted.indicator === "新增市场主体")).toBe(true);
    expect(await list(`indicator=${encodeURIComponent("不存在的指标")}`)).toEqual([]);
  });

  it("searches in Chinese through the full-text index: 生产总值 finds exactly the facts that mention it", async () => {
    const found = await list(`q=${encodeURIComponent("生产总值")}`);
    const tokens = queryTokens("生产总值");
    const expected = all
      .filter((f) => {
        const indexed = new Set(searchTokens(`${f.indicator ?? ""} ${f.quote}`).split(" "));
        return tokens.every((t) => indexed.has(t));
      })
      .map((f) => f.id)
      .sort();
    expect(expected.length).toBeGreaterThan(2);
    expect(expected.length).toBeLessThan(all.length / 4);
    expect(found.map((f) => f.id).sort()).toEqual(expected);
    expect(found.some((f) => f.quote.includes("一般公共预算收入"))).toBe(false);
    // Combined with a filter.
    const inOne = await list(`q=${encodeURIComponent("生产总值")}&reportId=${ids.sample}`);
    expect(inOne.length).toBe(expected.length / 2);
    // ASCII words are indexed lowercased.
    expect(await list("q=GDP")).toEqual([]);
  });

  it("searches a single Chinese character as a substring of the quote", async () => {
    const found = await list(`q=${encodeURIComponent("粮")}`);
    const expected = all.filter((f) => f.quote.includes("粮")).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(found.map((f) => f.id).sort()).toEqual(expected.sort());
  });

  it("treats quotes and operators in a query as text", async () => {
    for (const q of ['"生产" OR 1=1 --', "生产' & !总值", "%_\\", "***", "NEAR(生产 总值)"]) {
      const res: Awaited<ReturnType<FastifyInstance["inject"]>> = await app.inject({
        method: "GET",
        url: `/api/v1/facts?q=${encodeURIComponent(q)}`,
        headers: viewer,
      });
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
  });

  it("shows one fact with its report title and (empty) correction history", async () => {
    const id = all.find((f) => f.report_id === ids.sample)?.id as string;
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/facts/${encodeURIComponent(id)}`,
      headers: viewer,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      reportId: ids.sample,
      reportTitle: "示例县2025年政府工作报告",
      corrections: [],
      corrected: false,
      version: 1,
    });
    const missing = await app.inject({ method: "GET", url: "/api/v1/facts/nope", headers: viewer });
    expect(missing.statusCode).toBe(404);
  });

  it("scopes users with a region to the facts of that region", async () => {
    const region = await db.kysely
      .selectFrom("reports")
      .select("region_id")
      .where("id", "=", ids.sample2)
      .executeTakeFirstOrThrow();
    const dept = (await userWithToken(db, "department", region.region_id)).auth;
    const items = await list("", dept);
    expect(items).toHaveLength(97);
    expect(items.every((f) => f.reportId === ids.sample2)).toBe(true);
    const other = all.find((f) => f.report_id === ids.sample)?.id as string;
    const res = await app.inject({
      method: "GET",
      url: `/api/v1/facts/${encodeURIComponent(other)}`,
      headers: dept,
    });
    expect(res.statusCode).toBe(404);
  });
});
