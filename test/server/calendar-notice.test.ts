import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../src/server/app.js";
import { ServerConfig } from "../../src/server/config.js";
import { NOTICE_2027, OVERRIDES_2027, SOURCE_2027 } from "../app/calendarNotice.support.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { addUser, as, type TestUser } from "./supervision.support.js";

describe.each(DIALECTS)("POST /calendar/notice on %s", (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let admin: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await buildServer({ db, config: ServerConfig.parse({}) });
    admin = await addUser(db, "admin");
    supervisor = await addUser(db, "supervisor");
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("is for admins only", async () => {
    const body = { text: NOTICE_2027, dryRun: true };
    expect((await as(app, supervisor)("POST", "/calendar/notice", body)).statusCode).toBe(403);
    expect((await as(app, null)("POST", "/calendar/notice", body)).statusCode).toBe(401);
  });

  it("validates the body and answers a notice it cannot read with the line in Chinese", async () => {
    const call = as(app, admin);
    expect((await call("POST", "/calendar/notice", { text: NOTICE_2027 })).statusCode).toBe(400);
    expect(
      (await call("POST", "/calendar/notice", { text: "x".repeat(20_001), dryRun: true })).statusCode,
    ).toBe(400);
    const bad = await call("POST", "/calendar/notice", {
      text: NOTICE_2027.replace("共7天", "共8天"),
      dryRun: true,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: "INVALID_ARGUMENT", details: { line: 10 } });
    expect(bad.json().error.messageZh).toMatch(/^第10行：“国庆节”写明共8天/);
  });

  it("previews, applies once, and the calendar shows the notice", async () => {
    const call = as(app, admin);
    const dry = await call("POST", "/calendar/notice", { text: NOTICE_2027, dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ year: 2027, source: SOURCE_2027, applied: false });
    expect(dry.json().changes).toHaveLength(Object.keys(OVERRIDES_2027).length);
    expect((await call("GET", "/calendar?year=2027")).json().overrides).toEqual([]);

    const applied = await call("POST", "/calendar/notice", { text: NOTICE_2027, dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().applied).toBe(true);
    const year = (await as(app, supervisor)("GET", "/calendar?year=2027")).json();
    expect(year.source).toBe(SOURCE_2027);
    expect(year.imported.source).toBe(SOURCE_2027);
    expect(
      Object.fromEntries(
        year.overrides.map((o: { day: string; kind: string; name: string | null }) => [
          o.day,
          { kind: o.kind, name: o.name },
        ]),
      ),
    ).toEqual(OVERRIDES_2027);

    const again = await call("POST", "/calendar/notice", { text: NOTICE_2027, dryRun: false });
    expect(again.json().changes).toEqual([]);
    const audit = (await call("GET", "/audit?entityType=calendar_year")).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["calendar.import_notice"]);
  });

  it("documents the route in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(doc.paths["/api/v1/calendar/notice"].post.summary).toContain("holiday notice");
    expect(doc.components.schemas.CalendarNoticeImport).toBeDefined();
  });
});
