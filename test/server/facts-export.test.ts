import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { SAMPLE, SAMPLE2, server, upload, userWithToken } from "./reports.support.js";

type Auth = { authorization: string };
interface FactItem {
  id: string;
  reportId: string;
  regionId: string | null;
  planYear: number | null;
  quote: string;
  version: number;
  notAFact: boolean;
  current: { kind: string; indicator: string | null; value: number; unit: string; comparator: string };
}

const HEADERS = ["地区", "年度", "指标", "目标值", "单位", "比较", "期间", "章节", "原文", "报告"];

async function openXlsx(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error("no sheet");
  return ws;
}

function rowValues(ws: ExcelJS.Worksheet, r: number): unknown[] {
  return (ws.getRow(r).values as unknown[]).slice(1);
}

describe.each(DIALECTS)("facts xlsx export on %s", (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let admin: Auth;
  let ids: { sample: string; sample2: string };
  let regionOfSample2: string;

  async function list(query: string, auth: Auth = admin): Promise<FactItem[]> {
    const out: FactItem[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<FastifyInstance["inject"]>> = await app.inject({
        method: "GET",
        url: `/api/v1/facts?limit=200&${query}${cursor ? `&cursor=${cursor}` : ""}`,
        headers: auth,
      });
      expect(res.statusCode, res.body).toBe(200);
      out.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    return out;
  }

  async function exportXlsx(query: string, auth: Auth | Record<string, never> = admin) {
    return app.inject({ method: "GET", url: `/api/v1/facts/export.xlsx?${query}`, headers: auth });
  }

  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await server(db);
    admin = (await userWithToken(db, "admin")).auth;
    const res = await upload(app, admin, [
      { name: "a.txt", content: SAMPLE },
      { name: "b.txt", content: SAMPLE2 },
    ]);
    const [a, b] = res.json().results;
    ids = { sample: a.reportId, sample2: b.reportId };
    const r2 = await db.kysely
      .selectFrom("reports")
      .select("region_id")
      .where("id", "=", ids.sample2)
      .executeTakeFirstOrThrow();
    regionOfSample2 = r2.region_id ?? "";
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("writes every target fact as a real xlsx: Chinese headers, frozen header row, widths, numbers as numbers", async () => {
    const expected = (await list("kind=target")).filter((f) => !f.notAFact && f.current.kind === "target");
    expect(expected.length).toBeGreaterThan(5);
    const res = await exportXlsx("kind=target");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml.sheet");
    expect(String(res.headers["content-disposition"])).toMatch(
      /^attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''%E7%9B%AE%E6%A0%87/,
    );
    expect(Number(res.headers["x-row-count"])).toBe(expected.length);

    const ws = await openXlsx(res.rawPayload);
    expect(ws.name).toBe("目标台账");
    expect(rowValues(ws, 1)).toEqual(HEADERS);
    expect(ws.rowCount).toBe(expected.length + 1);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getRow(1).font?.bold).toBe(true);
    for (let c = 1; c <= HEADERS.length; c++) expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(8);

    // The 地区生产总值 target of the 2025 report, row by row against the API's view of it.
    const gdp = expected.find((f) => f.reportId === ids.sample && f.quote.includes("地区生产总值增长6%左右"));
    expect(gdp).toBeDefined();
    let found = 0;
    for (let r = 2; r <= ws.rowCount; r++) {
      const v = rowValues(ws, r);
      if (v[8] !== gdp?.quote || v[1] !== 2025) continue;
      found++;
      expect(v[0]).toBe("示例县");
      expect(typeof v[1]).toBe("number");
      expect(v[2]).toBe(gdp?.current.indicator);
      expect(v[3]).toBe(gdp?.current.value);
      expect(typeof v[3]).toBe("number");
      expect(v[4]).toBe(gdp?.current.unit);
      expect(v[5]).toBe("约");
      expect(String(v[7])).toContain("主要目标");
      expect(String(v[9])).toContain("示例县");
    }
    expect(found).toBe(1);
    // Every value cell is a number cell.
    for (let r = 2; r <= ws.rowCount; r++)
      expect(ws.getRow(r).getCell(4).type).toBe(ExcelJS.ValueType.Number);
  });

  it("applies the same filters as GET /facts (region, year, indicator)", async () => {
    const inRegion = (await list(`kind=target&regionId=${regionOfSample2}`)).filter((f) => !f.notAFact);
    const res = await exportXlsx(`kind=target&regionId=${regionOfSample2}`);
    expect(res.statusCode).toBe(200);
    const ws = await openXlsx(res.rawPayload);
    expect(ws.rowCount).toBe(inRegion.length + 1);
    for (let r = 2; r <= ws.rowCount; r++) expect(rowValues(ws, r)[0]).toBe("样例市");

    const y2025 = await openXlsx((await exportXlsx("kind=target&year=2025")).rawPayload);
    for (let r = 2; r <= y2025.rowCount; r++) expect(rowValues(y2025, r)[1]).toBe(2025);
    expect(y2025.rowCount).toBeGreaterThan(1);

    const gdp = await openXlsx(
      (await exportXlsx(`kind=target&indicator=${encodeURIComponent("地区生产总值")}`)).rawPayload,
    );
    expect(gdp.rowCount).toBe(3); // one per report
    expect(new Set([2, 3].map((r) => rowValues(gdp, r)[1]))).toEqual(new Set([2025, 2026]));

    const none = await openXlsx((await exportXlsx("kind=target&year=1999")).rawPayload);
    expect(none.rowCount).toBe(1);
    expect(rowValues(none, 1)).toEqual(HEADERS);

    const bad = await exportXlsx("kind=guess");
    expect(bad.statusCode).toBe(400);
  });

  it("leaves out facts corrected to 不是数据, and names the value column after the kind", async () => {
    const target = (await list(`kind=target&reportId=${ids.sample}`))[0];
    if (!target) throw new Error("no target fact");
    const before = await openXlsx((await exportXlsx(`kind=target&reportId=${ids.sample}`)).rawPayload);
    const corr = await app.inject({
      method: "POST",
      url: `/api/v1/facts/${encodeURIComponent(target.id)}/corrections`,
      headers: admin,
      payload: { version: target.version, reason: "测试：不是数据", notAFact: true },
    });
    expect(corr.statusCode, corr.body).toBe(201);
    const after = await openXlsx((await exportXlsx(`kind=target&reportId=${ids.sample}`)).rawPayload);
    expect(after.rowCount).toBe(before.rowCount - 1);
    const quotes = (ws: ExcelJS.Worksheet) =>
      Array.from({ length: ws.rowCount - 1 }, (_, i) => rowValues(ws, i + 2)[8]).filter(
        (q) => q === target.quote,
      );
    expect(quotes(after)).toHaveLength(quotes(before).length - 1);

    const actual = await openXlsx((await exportXlsx("kind=actual")).rawPayload);
    expect(rowValues(actual, 1)[3]).toBe("实际值");
  });

  it("keeps a supervisor to their region and refuses anonymous callers", async () => {
    const sup = (await userWithToken(db, "supervisor", regionOfSample2)).auth;
    const ws = await openXlsx((await exportXlsx("kind=target", sup)).rawPayload);
    expect(ws.rowCount).toBeGreaterThan(1);
    for (let r = 2; r <= ws.rowCount; r++) expect(rowValues(ws, r)[0]).toBe("样例市");
    const anon = await exportXlsx("kind=target", {});
    expect(anon.statusCode).toBe(401);
  });
});
