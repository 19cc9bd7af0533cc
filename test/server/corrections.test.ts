import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { auditCount, corpusFile, SAMPLE, server, upload, userWithToken } from "./reports.support.js";

type Auth = { authorization: string };
const cixi = corpusFile("cixi_2021.txt");

describe.each(DIALECTS)("fact corrections on %s", (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let admin: Auth;
  let supervisor: { id: string; auth: Auth };
  let reportId: string;
  let factId: string;
  let url: string;

  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await server(db);
    admin = (await userWithToken(db, "admin")).auth;
    const res = await upload(app, admin, [{ name: "a.txt", content: SAMPLE }]);
    reportId = res.json().results[0].reportId;
    const report = await db.kysely
      .selectFrom("reports")
      .select("region_id")
      .where("id", "=", reportId)
      .executeTakeFirstOrThrow();
    supervisor = await userWithToken(db, "supervisor", report.region_id, "督查室 王敏");
    const fact = await db.kysely
      .selectFrom("facts")
      .select("id")
      .where("report_id", "=", reportId)
      .orderBy("start_pos")
      .executeTakeFirstOrThrow();
    factId = fact.id;
    url = `/api/v1/facts/${encodeURIComponent(factId)}/corrections`;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it("records a correction with author and reason; extracted and current values are both shown", async () => {
    const res = await app.inject({
      method: "POST",
      url,
      headers: supervisor.auth,
      payload: { version: 1, reason: "统计公报口径为286.9亿元", changes: { value: 286.9 } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    expect(f.version).toBe(2);
    expect(f.extracted).toMatchObject({ indicator: "地区生产总值", value: 286.5, unit: "亿元" });
    expect(f.current).toMatchObject({ indicator: "地区生产总值", value: 286.9, unit: "亿元" });
    expect(f.corrected).toBe(true);
    expect(f.corrections).toHaveLength(1);
    expect(f.corrections[0]).toMatchObject({
      authorId: supervisor.id,
      authorName: "督查室 王敏",
      reason: "统计公报口径为286.9亿元",
      changes: { value: 286.9 },
      set: ["value"],
      notAFact: false,
    });
    // The extracted values in the facts row are untouched; only the version moved.
    const row = await db.kysely
      .selectFrom("facts")
      .select(["value", "version"])
      .where("id", "=", factId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ value: 286.5, version: 2 });
    expect(await auditCount(db, "fact.correct", factId)).toBe(1);
  });

  it("stacks a second correction on the first; the history keeps both", async () => {
    const res = await app.inject({
      method: "POST",
      url,
      headers: admin,
      payload: {
        version: 2,
        reason: "主体为全县",
        changes: { subject: "全县", period: { from: 2024, to: 2024 } },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    expect(f.current).toMatchObject({ value: 286.9, subject: "全县", period: { from: 2024, to: 2024 } });
    expect(f.corrections.map((c: { set: string[] }) => c.set)).toEqual([["value"], ["subject", "period"]]);
    const get = await app.inject({
      method: "GET",
      url: `/api/v1/facts/${encodeURIComponent(factId)}`,
      headers: admin,
    });
    expect(get.json()).toMatchObject({
      version: 3,
      current: { value: 286.9, subject: "全县" },
      corrected: true,
    });
    expect(get.json().corrections).toHaveLength(2);
    const report = await app.inject({ method: "GET", url: `/api/v1/reports/${reportId}`, headers: admin });
    const inReport = report.json().facts.find((x: { id: string }) => x.id === factId);
    expect(inReport).toMatchObject({
      extracted: { value: 286.5 },
      current: { value: 286.9 },
      corrected: true,
    });
    expect(inReport.corrections).toHaveLength(2);
    const listed = await app.inject({
      method: "GET",
      url: `/api/v1/facts?reportId=${reportId}&limit=500`,
      headers: admin,
    });
    const item = listed.json().items.find((x: { id: string }) => x.id === factId);
    expect(item).toMatchObject({ current: { value: 286.9 }, extracted: { value: 286.5 }, corrected: true });
  });

  it("answers 409 to a correction made on a stale version, and stores nothing", async () => {
    const res = await app.inject({
      method: "POST",
      url,
      headers: admin,
      payload: { version: 2, reason: "迟到的修改", changes: { value: 1 } },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("CONFLICT");
    expect(await db.kysely.selectFrom("fact_corrections").select("id").execute()).toHaveLength(2);
    expect(await auditCount(db, "fact.correct", factId)).toBe(2);
  });

  it("marks a figure as not a fact, reverts a field, and refuses empty or reasonless corrections", async () => {
    const notFact = await app.inject({
      method: "POST",
      url,
      headers: admin,
      payload: { version: 3, reason: "不是统计数字", notAFact: true, revert: ["value"] },
    });
    expect(notFact.statusCode, notFact.body).toBe(201);
    expect(notFact.json()).toMatchObject({ notAFact: true, current: { value: 286.5, subject: "全县" } });
    expect(notFact.json().corrections.at(-1).set).toEqual(["value", "notAFact"]);
    const noReason = await app.inject({
      method: "POST",
      url,
      headers: admin,
      payload: { version: 4, changes: { value: 2 } },
    });
    expect(noReason.statusCode).toBe(400);
    const blank = await app.inject({
      method: "POST",
      url,
      headers: admin,
      payload: { version: 4, reason: "  " },
    });
    expect(blank.statusCode).toBe(400);
    const nothing = await app.inject({
      method: "POST",
      url,
      headers: admin,
      payload: { version: 4, reason: "x" },
    });
    expect(nothing.statusCode).toBe(400);
    const unknown = await app.inject({
      method: "POST",
      url,
      headers: admin,
      payload: { version: 4, reason: "x", changes: { quote: "改原文" } },
    });
    expect(unknown.statusCode).toBe(400);
    const badKind = await app.inject({
      method: "POST",
      url,
      headers: admin,
      payload: { version: 4, reason: "x", changes: { kind: "guess" } },
    });
    expect(badKind.statusCode).toBe(400);
  });

  it("lets only supervisors (of the region) and admins correct", async () => {
    const payload = { version: 4, reason: "x", changes: { value: 3 } };
    for (const role of ["viewer", "department"] as const) {
      const u = await userWithToken(db, role);
      expect((await app.inject({ method: "POST", url, headers: u.auth, payload })).statusCode).toBe(403);
    }
    const elsewhere = await db.kysely
      .insertInto("regions")
      .values({ id: "r-other", name: "别处县", level: "county", parent_id: null, created_at: "2025-01-01" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const outsider = await userWithToken(db, "supervisor", elsewhere.id);
    const res = await app.inject({ method: "POST", url, headers: outsider.auth, payload });
    expect([403, 404]).toContain(res.statusCode);
    expect((await app.inject({ method: "POST", url, payload })).statusCode).toBe(401);
    const missing = await app.inject({
      method: "POST",
      url: "/api/v1/facts/nope/corrections",
      headers: admin,
      payload,
    });
    expect(missing.statusCode).toBe(404);
  });

  it.skipIf(!cixi)("keeps corrections attached when a corpus report is re-extracted", async () => {
    const first = await upload(app, admin, [{ name: "cixi_2021.txt", content: cixi as Buffer }]);
    expect(first.json().results[0].status).toBe("new");
    const id = first.json().results[0].reportId;
    const facts = await app.inject({
      method: "GET",
      url: `/api/v1/facts?reportId=${id}&limit=5`,
      headers: admin,
    });
    const target = facts.json().items[2];
    const corrected = await app.inject({
      method: "POST",
      url: `/api/v1/facts/${encodeURIComponent(target.id)}/corrections`,
      headers: admin,
      payload: { version: target.version, reason: "核对原文", changes: { value: 12345, unit: "亿元" } },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    await db.kysely
      .updateTable("reports")
      .set({ extractor_version: "2000.01.01-0" })
      .where("id", "=", id)
      .execute();
    const again = await upload(app, admin, [{ name: "cixi_2021.txt", content: cixi as Buffer }]);
    expect(again.json().results[0]).toMatchObject({ status: "reextracted", reportId: id });
    expect(await auditCount(db, "report.reextract", id)).toBe(1);
    const after = await app.inject({
      method: "GET",
      url: `/api/v1/facts/${encodeURIComponent(target.id)}`,
      headers: admin,
    });
    expect(after.statusCode).toBe(200);
    expect(after.json().corrections).toHaveLength(1);
    expect(after.json()).toMatchObject({
      corrected: true,
      current: { value: 12345, unit: "亿元" },
      extracted: { value: target.extracted.value, unit: target.extracted.unit },
    });
    // Re-extraction counts as a change: a correction based on the old version is stale.
    expect(after.json().version).toBe(target.version + 2);
    const stale = await app.inject({
      method: "POST",
      url: `/api/v1/facts/${encodeURIComponent(target.id)}/corrections`,
      headers: admin,
      payload: { version: target.version + 1, reason: "x", changes: { value: 1 } },
    });
    expect(stale.statusCode).toBe(409);
  });
});
