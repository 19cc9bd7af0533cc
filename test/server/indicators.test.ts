import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { auditCount, SAMPLE, server, upload, userWithToken } from "./reports.support.js";

type Auth = { authorization: string };

describe.each(DIALECTS)("indicator catalog on %s", (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let supervisor: Auth;
  let viewer: Auth;
  let created: { id: string; version: number };

  const linked = async (name: string) =>
    db.kysely.selectFrom("facts").select(["indicator_id"]).where("indicator", "=", name).execute();

  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await server(db);
    const admin = (await userWithToken(db, "admin")).auth;
    supervisor = (await userWithToken(db, "supervisor")).auth;
    viewer = (await userWithToken(db, "viewer")).auth;
    await upload(app, admin, [{ name: "a.txt", content: SAMPLE }]);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it("lists the catalog with synonyms and usage counts, page by page", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/indicators?limit=5", headers: viewer });
    expect(res.statusCode).toBe(200);
    const first = res.json().items;
    expect(first).toHaveLength(5);
    expect(first[0]).toMatchObject({ id: "ind-001", name: "地区生产总值", category: "经济", version: 1 });
    expect(first[0].synonyms).toEqual(expect.arrayContaining(["GDP", "生产总值", "地区生产总值"]));
    const gdpFacts = await db.kysely
      .selectFrom("facts")
      .select("id")
      .where("indicator_id", "=", "ind-001")
      .execute();
    expect(gdpFacts.length).toBeGreaterThan(0);
    expect(first[0].factCount).toBe(gdpFacts.length);
    let cursor = res.json().nextCursor;
    let total = first.length;
    while (cursor) {
      const next = await app.inject({
        method: "GET",
        url: `/api/v1/indicators?limit=5&cursor=${cursor}`,
        headers: viewer,
      });
      total += next.json().items.length;
      cursor = next.json().nextCursor;
    }
    expect(total).toBe(14);
    expect((await app.inject({ method: "GET", url: "/api/v1/indicators" })).statusCode).toBe(401);
  });

  it("creates an indicator and links the facts that use its names", async () => {
    expect((await linked("新增市场主体")).every((f) => f.indicator_id === null)).toBe(true);
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/indicators",
      headers: supervisor,
      payload: { name: "新增市场主体", category: "营商环境", unit: "户", synonyms: ["新登记市场主体"] },
    });
    expect(res.statusCode, res.body).toBe(201);
    created = res.json();
    expect(res.json()).toMatchObject({ name: "新增市场主体", unit: "户", factCount: 1, version: 1 });
    expect(res.json().synonyms.sort()).toEqual(["新增市场主体", "新登记市场主体"].sort());
    expect((await linked("新增市场主体")).every((f) => f.indicator_id === created.id)).toBe(true);
    expect(await auditCount(db, "indicator.create", created.id)).toBe(1);

    const dupName = await app.inject({
      method: "POST",
      url: "/api/v1/indicators",
      headers: supervisor,
      payload: { name: "新增市场主体" },
    });
    expect(dupName.statusCode).toBe(409);
    const takenSynonym = await app.inject({
      method: "POST",
      url: "/api/v1/indicators",
      headers: supervisor,
      payload: { name: "经济规模", synonyms: ["GDP"] },
    });
    expect(takenSynonym.statusCode).toBe(409);
    expect(takenSynonym.json().error.messageZh).toContain("GDP");
    const byViewer = await app.inject({
      method: "POST",
      url: "/api/v1/indicators",
      headers: viewer,
      payload: { name: "x" },
    });
    expect(byViewer.statusCode).toBe(403);
  });

  it("adding and removing a synonym re-links the facts of that name, audited", async () => {
    expect((await linked("新增企业")).length).toBe(1);
    const add = await app.inject({
      method: "POST",
      url: `/api/v1/indicators/${created.id}/synonyms`,
      headers: supervisor,
      payload: { synonym: "新增企业" },
    });
    expect(add.statusCode, add.body).toBe(200);
    expect(add.json()).toMatchObject({ factCount: 2, version: 2 });
    expect(add.json().synonyms).toContain("新增企业");
    expect((await linked("新增企业")).map((f) => f.indicator_id)).toEqual([created.id]);
    const facts = await app.inject({
      method: "GET",
      url: `/api/v1/facts?indicator=${encodeURIComponent("新增企业")}`,
      headers: viewer,
    });
    expect(facts.json().items).toHaveLength(2);

    const taken = await app.inject({
      method: "POST",
      url: `/api/v1/indicators/${created.id}/synonyms`,
      headers: supervisor,
      payload: { synonym: "GDP" },
    });
    expect(taken.statusCode).toBe(409);

    const remove = await app.inject({
      method: "DELETE",
      url: `/api/v1/indicators/${created.id}/synonyms/${encodeURIComponent("新增企业")}`,
      headers: supervisor,
    });
    expect(remove.statusCode, remove.body).toBe(200);
    expect(remove.json()).toMatchObject({ factCount: 1, version: 3 });
    expect((await linked("新增企业")).map((f) => f.indicator_id)).toEqual([null]);
    const again = await app.inject({
      method: "DELETE",
      url: `/api/v1/indicators/${created.id}/synonyms/${encodeURIComponent("新增企业")}`,
      headers: supervisor,
    });
    expect(again.statusCode).toBe(404);
    expect(await auditCount(db, "indicator.synonym.add", created.id)).toBe(1);
    expect(await auditCount(db, "indicator.synonym.remove", created.id)).toBe(1);
  });

  it("updates an entry with the version read; stale → 409, a taken name → 409", async () => {
    const stale = await app.inject({
      method: "PATCH",
      url: `/api/v1/indicators/${created.id}`,
      headers: supervisor,
      payload: { version: 1, unit: "家" },
    });
    expect(stale.statusCode).toBe(409);
    const ok = await app.inject({
      method: "PATCH",
      url: `/api/v1/indicators/${created.id}`,
      headers: supervisor,
      payload: { version: 3, unit: "家", category: null },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ unit: "家", category: null, version: 4 });
    const clash = await app.inject({
      method: "PATCH",
      url: `/api/v1/indicators/${created.id}`,
      headers: supervisor,
      payload: { version: 4, name: "地区生产总值" },
    });
    expect(clash.statusCode).toBe(409);
    expect(await auditCount(db, "indicator.update", created.id)).toBe(1);
    const missing = await app.inject({
      method: "PATCH",
      url: "/api/v1/indicators/nope",
      headers: supervisor,
      payload: { version: 1, unit: "x" },
    });
    expect(missing.statusCode).toBe(404);
  });
});
