import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { auditCount, SAMPLE, SAMPLE2, server, upload, userWithToken } from "./reports.support.js";

type Auth = { authorization: string };

describe.each(DIALECTS)("reports API on %s", (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let admin: Auth;
  let viewer: Auth;
  let department: Auth;
  let ids: { sample: string; sample2: string };

  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await server(db);
    admin = (await userWithToken(db, "admin")).auth;
    viewer = (await userWithToken(db, "viewer")).auth;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it("uploads several files: good ones stored, a bad one refused with its reason, a duplicate recognised", async () => {
    const res = await upload(app, admin, [
      { name: "示例县2025年政府工作报告.txt", content: SAMPLE },
      { name: "empty.txt", content: Buffer.alloc(0) },
      { name: "binary.bin", content: Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7, 0, 0, 0, 9, 0, 0]) },
      { name: "样例市.txt", content: SAMPLE2 },
      { name: "again.txt", content: SAMPLE },
    ]);
    expect(res.statusCode).toBe(200);
    const results = res.json().results;
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      "new",
      "failed",
      "failed",
      "new",
      "unchanged",
    ]);
    expect(results[0]).toMatchObject({ name: "示例县2025年政府工作报告.txt", facts: 97, tasks: 24 });
    expect(results[1].error).toMatchObject({ code: "EMPTY_INPUT" });
    expect(results[1].error.messageZh).toBeTruthy();
    expect(results[2].error.code).toMatch(/BINARY_INPUT|UNSUPPORTED_FORMAT|UNDECODABLE_TEXT/);
    expect(results[1].reportId).toBeUndefined();
    expect(results[4].reportId).toBe(results[0].reportId);
    ids = { sample: results[0].reportId, sample2: results[3].reportId };
    expect(await db.kysely.selectFrom("reports").select("id").execute()).toHaveLength(2);
    expect(await auditCount(db, "report.ingest")).toBe(2);
  });

  it("refuses uploads from viewers and anonymous callers", async () => {
    expect((await upload(app, viewer, [{ name: "a.txt", content: SAMPLE }])).statusCode).toBe(403);
    expect((await upload(app, {}, [{ name: "a.txt", content: SAMPLE }])).statusCode).toBe(401);
  });

  it("answers 413 with the error shape when a file is over the size limit, storing nothing", async () => {
    const small = await server(db, { maxUploadBytes: 2000 });
    try {
      const res = await upload(small, admin, [
        { name: "tiny.txt", content: Buffer.from("x") },
        { name: "big.txt", content: SAMPLE },
      ]);
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
      expect(res.json().error.messageZh).toBeTruthy();
    } finally {
      await small.close();
    }
    expect(await db.kysely.selectFrom("reports").select("id").execute()).toHaveLength(2);
  });

  it("lists reports with counts, filters and cursor pagination", async () => {
    const all = await app.inject({ method: "GET", url: "/api/v1/reports", headers: viewer });
    expect(all.statusCode).toBe(200);
    const items = all.json().items;
    expect(items.map((r: { id: string }) => r.id)).toEqual([ids.sample, ids.sample2].sort());
    const s1 = items.find((r: { id: string }) => r.id === ids.sample);
    expect(s1).toMatchObject({
      title: "示例县2025年政府工作报告",
      regionName: "示例县",
      planYear: 2025,
      factCount: 97,
      taskCount: 24,
      published: false,
      version: 1,
    });
    expect(s1.body).toBeUndefined();

    const byYear = await app.inject({ method: "GET", url: "/api/v1/reports?year=2026", headers: viewer });
    expect(byYear.json().items.map((r: { id: string }) => r.id)).toEqual([ids.sample2]);
    const byRegion = await app.inject({
      method: "GET",
      url: `/api/v1/reports?regionId=${s1.regionId}`,
      headers: viewer,
    });
    expect(byRegion.json().items.map((r: { id: string }) => r.id)).toEqual([ids.sample]);
    const byTitle = await app.inject({
      method: "GET",
      url: `/api/v1/reports?q=${encodeURIComponent("样例")}`,
      headers: viewer,
    });
    expect(byTitle.json().items.map((r: { id: string }) => r.id)).toEqual([ids.sample2]);
    const wild = await app.inject({ method: "GET", url: "/api/v1/reports?q=%25", headers: viewer });
    expect(wild.json().items).toEqual([]);

    const p1 = await app.inject({ method: "GET", url: "/api/v1/reports?limit=1", headers: viewer });
    expect(p1.json().items).toHaveLength(1);
    expect(p1.json().nextCursor).toBeTruthy();
    const p2 = await app.inject({
      method: "GET",
      url: `/api/v1/reports?limit=1&cursor=${p1.json().nextCursor}`,
      headers: viewer,
    });
    expect(p2.json().items).toHaveLength(1);
    expect(p2.json().items[0].id).not.toBe(p1.json().items[0].id);
    expect(p2.json().nextCursor).toBeNull();
  });

  it("shows one report with sections, facts, tasks, and the text on request", async () => {
    const res = await app.inject({ method: "GET", url: `/api/v1/reports/${ids.sample}`, headers: viewer });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.sections.length).toBeGreaterThan(5);
    expect(r.facts).toHaveLength(97);
    expect(r.tasks).toHaveLength(24);
    expect(r.body).toBeUndefined();
    const gdp = r.facts[0];
    expect(gdp.extracted).toMatchObject({ indicator: "地区生产总值", value: 286.5, unit: "亿元" });
    expect(gdp.current).toMatchObject({ indicator: "地区生产总值", value: 286.5, unit: "亿元" });
    expect(gdp).toMatchObject({ corrected: false, notAFact: false, corrections: [], indicatorId: "ind-001" });
    const withBody = await app.inject({
      method: "GET",
      url: `/api/v1/reports/${ids.sample}?include=body`,
      headers: viewer,
    });
    const body: string = withBody.json().body;
    for (const f of withBody.json().facts) expect(body.slice(f.start, f.end)).toBe(f.quote);
    const withFacts = r.tasks.find((t: { factIds: string[] }) => t.factIds.length > 0);
    expect(withFacts).toBeDefined();
    for (const id of withFacts.factIds) expect(r.facts.some((f: { id: string }) => f.id === id)).toBe(true);
    const missing = await app.inject({ method: "GET", url: "/api/v1/reports/nope", headers: viewer });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("NOT_FOUND");
  });

  it("updates title and publication with the version read; a stale version gets 409", async () => {
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/reports/${ids.sample}`,
      headers: admin,
      payload: { version: 1, published: true, title: "示例县政府工作报告（2025）" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ published: true, title: "示例县政府工作报告（2025）", version: 2 });
    const stale = await app.inject({
      method: "PATCH",
      url: `/api/v1/reports/${ids.sample}`,
      headers: admin,
      payload: { version: 1, published: false },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("CONFLICT");
    const row = await db.kysely
      .selectFrom("reports")
      .select(["published", "version"])
      .where("id", "=", ids.sample)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ published: 1, version: 2 });
    expect(await auditCount(db, "report.update", ids.sample)).toBe(1);
    const forbidden = await app.inject({
      method: "PATCH",
      url: `/api/v1/reports/${ids.sample}`,
      headers: viewer,
      payload: { version: 2, published: false },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it("scopes users with a region to it", async () => {
    const region = await db.kysely
      .selectFrom("reports")
      .select("region_id")
      .where("id", "=", ids.sample2)
      .executeTakeFirstOrThrow();
    department = (await userWithToken(db, "department", region.region_id)).auth;
    const list = await app.inject({ method: "GET", url: "/api/v1/reports", headers: department });
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([ids.sample2]);
    const other = await app.inject({
      method: "GET",
      url: `/api/v1/reports/${ids.sample}`,
      headers: department,
    });
    expect(other.statusCode).toBe(404);
    const supervisor = (await userWithToken(db, "supervisor", region.region_id)).auth;
    const outside = await app.inject({
      method: "PATCH",
      url: `/api/v1/reports/${ids.sample}`,
      headers: supervisor,
      payload: { version: 2, published: false },
    });
    expect(outside.statusCode).toBe(403);
  });

  it("soft-deletes with the version read: 409 when stale, then hidden everywhere, restored by a new upload", async () => {
    const stale = await app.inject({
      method: "DELETE",
      url: `/api/v1/reports/${ids.sample2}?version=7`,
      headers: admin,
    });
    expect(stale.statusCode).toBe(409);
    const del = await app.inject({
      method: "DELETE",
      url: `/api/v1/reports/${ids.sample2}?version=1`,
      headers: admin,
    });
    expect(del.statusCode).toBe(204);
    const row = await db.kysely
      .selectFrom("reports")
      .select(["deleted_at"])
      .where("id", "=", ids.sample2)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect(await auditCount(db, "report.delete", ids.sample2)).toBe(1);
    const get = await app.inject({ method: "GET", url: `/api/v1/reports/${ids.sample2}`, headers: admin });
    expect(get.statusCode).toBe(404);
    const list = await app.inject({ method: "GET", url: "/api/v1/reports", headers: admin });
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([ids.sample]);
    const facts = await app.inject({
      method: "GET",
      url: `/api/v1/facts?reportId=${ids.sample2}`,
      headers: admin,
    });
    expect(facts.json().items).toEqual([]);
    const tasks = await app.inject({
      method: "GET",
      url: `/api/v1/tasks?reportId=${ids.sample2}`,
      headers: admin,
    });
    expect(tasks.json().items).toEqual([]);
    const again = await app.inject({
      method: "DELETE",
      url: `/api/v1/reports/${ids.sample2}?version=2`,
      headers: admin,
    });
    expect(again.statusCode).toBe(404);

    const restored = await upload(app, admin, [{ name: "样例市.txt", content: SAMPLE2 }]);
    expect(restored.json().results[0]).toMatchObject({ status: "restored", reportId: ids.sample2 });
    const back = await app.inject({ method: "GET", url: `/api/v1/reports/${ids.sample2}`, headers: admin });
    expect(back.statusCode).toBe(200);
  });

  it("public mode: anonymous callers read published reports and their facts only; off, they get 401", async () => {
    // ids.sample is published (above), ids.sample2 is not.
    const closed = await app.inject({ method: "GET", url: "/api/v1/reports" });
    expect(closed.statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: `/api/v1/reports/${ids.sample}` })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/api/v1/facts" })).statusCode).toBe(401);

    const pub = await server(db, { publicReadOnly: true });
    try {
      const list = await pub.inject({ method: "GET", url: "/api/v1/reports" });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([ids.sample]);
      expect((await pub.inject({ method: "GET", url: `/api/v1/reports/${ids.sample}` })).statusCode).toBe(
        200,
      );
      expect((await pub.inject({ method: "GET", url: `/api/v1/reports/${ids.sample2}` })).statusCode).toBe(
        404,
      );
      const facts = await pub.inject({ method: "GET", url: "/api/v1/facts?limit=500" });
      expect(facts.statusCode).toBe(200);
      expect(facts.json().items).toHaveLength(97);
      expect(facts.json().items.every((f: { reportId: string }) => f.reportId === ids.sample)).toBe(true);
      const hidden = await db.kysely
        .selectFrom("facts")
        .select("id")
        .where("report_id", "=", ids.sample2)
        .executeTakeFirstOrThrow();
      expect(
        (await pub.inject({ method: "GET", url: `/api/v1/facts/${encodeURIComponent(hidden.id)}` }))
          .statusCode,
      ).toBe(404);
      // Public mode is read-only and covers reports and facts only.
      expect((await pub.inject({ method: "GET", url: "/api/v1/tasks" })).statusCode).toBe(401);
      expect(
        (await pub.inject({ method: "PATCH", url: `/api/v1/reports/${ids.sample}`, payload: { version: 2 } }))
          .statusCode,
      ).toBe(401);
      // Signed-in users still see everything they may.
      const signed = await pub.inject({ method: "GET", url: "/api/v1/reports", headers: admin });
      expect(signed.json().items).toHaveLength(2);
    } finally {
      await pub.close();
    }
  });

  it("publishes the OpenAPI paths of the area", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    for (const p of [
      "/api/v1/reports",
      "/api/v1/reports/{id}",
      "/api/v1/facts",
      "/api/v1/facts/{id}/corrections",
    ])
      expect(doc.paths[p]).toBeDefined();
    expect(doc.components.schemas.Fact).toBeDefined();
  });
});
