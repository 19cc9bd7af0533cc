import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC } from "../../src/contract/api/scoring.js";
import { DIALECTS } from "../support/db.js";
import { call, DEPT_NAMES, HAND, type ScoringWorld, setupScoringWorld } from "./scoring.support.js";
import { auditOf } from "./supervision.support.js";

describe.each(DIALECTS)("scoring API on %s", (dialect) => {
  let w: ScoringWorld;
  let childRegionId: string;

  beforeAll(async () => {
    w = await setupScoringWorld(dialect);
    const res = await call(w.app, w.admin)("POST", "/regions", {
      name: "示例开发区",
      level: "zone",
      parentId: w.regionId,
    });
    expect(res.statusCode, res.body).toBe(201);
    childRegionId = res.json().id;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("versions a region's rubric per year: each save names the version read, a stale one is 409", async () => {
    const sup = call(w.app, w.supervisor);
    // The fixture saved version 1 for 2026; 2027 has none of its own yet.
    const none = await sup("GET", `/scoring/rubric?regionId=${w.regionId}&year=2027`);
    expect(none.json()).toMatchObject({ source: "default", version: 0, rubric: DEFAULT_RUBRIC });
    const v1 = await sup("GET", `/scoring/rubric?regionId=${w.regionId}&year=2026`);
    expect(v1.json()).toMatchObject({ source: "region", version: 1, sourceRegionId: w.regionId });

    const next = { ...v1.json().rubric, closedOnTime: 3 };
    const saved = await sup("PUT", "/scoring/rubric", {
      regionId: w.regionId,
      year: 2026,
      version: 1,
      rubric: next,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, rubric: { closedOnTime: 3 } });
    const stale = await sup("PUT", "/scoring/rubric", {
      regionId: w.regionId,
      year: 2026,
      version: 1,
      rubric: next,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.messageZh).toContain("考评细则已被他人修改");

    const versions = await sup("GET", `/scoring/rubric/versions?regionId=${w.regionId}&year=2026`);
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.json().items[1].rubric.closedOnTime).toBe(DEFAULT_RUBRIC.closedOnTime);
    const audit = await auditOf(w.db, "scoring_rubric", `${w.regionId}:2026`);
    expect(audit.map((a) => JSON.parse(a.after ?? "{}").version)).toEqual([1, 2]);
    expect(JSON.parse(audit[1]?.before ?? "{}").version).toBe(1);

    // A region below inherits; back to the case's rubric for the tests that follow.
    const child = await sup("GET", `/scoring/rubric?regionId=${childRegionId}&year=2026`);
    expect(child.json()).toMatchObject({ source: "ancestor", sourceRegionId: w.regionId, version: 0 });
    const back = await sup("PUT", "/scoring/rubric", {
      regionId: w.regionId,
      year: 2026,
      version: 2,
      rubric: { ...next, closedOnTime: DEFAULT_RUBRIC.closedOnTime },
    });
    expect(back.json().version).toBe(3);
  });

  it("keeps the everywhere rubric to admins and a region's rubric to its supervisors", async () => {
    const body = { regionId: null, year: 2026, version: 0, rubric: { ...DEFAULT_RUBRIC, baseScore: 90 } };
    expect((await call(w.app, w.supervisor)("PUT", "/scoring/rubric", body)).statusCode).toBe(403);
    const ok = await call(w.app, w.admin)("PUT", "/scoring/rubric", body);
    expect(ok.statusCode, ok.body).toBe(200);
    const other = await call(w.app, w.admin)("GET", `/scoring/rubric?regionId=${w.otherRegionId}&year=2026`);
    expect(other.json()).toMatchObject({ source: "everywhere", rubric: { baseScore: 90 } });

    const theirs = { regionId: w.regionId, year: 2027, version: 0, rubric: DEFAULT_RUBRIC };
    expect((await call(w.app, w.otherSupervisor)("PUT", "/scoring/rubric", theirs)).statusCode).toBe(403);
    expect(
      (await call(w.app, w.otherSupervisor)("GET", `/scoring/rubric?regionId=${w.regionId}&year=2026`))
        .statusCode,
    ).toBe(403);
    expect((await call(w.app, w.viewer)("PUT", "/scoring/rubric", theirs)).statusCode).toBe(403);
    expect(
      (await call(w.app, w.userA)("GET", `/scoring/rubric?regionId=${w.regionId}&year=2026`)).statusCode,
    ).toBe(403);
    const bad = await call(w.app, w.supervisor)("PUT", "/scoring/rubric", {
      ...theirs,
      rubric: { ...DEFAULT_RUBRIC, late: { perItem: -1, perDay: 0, cap: 0 } },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("scores the hand-computed quarter, every point traceable to an assignment of the department", async () => {
    const res = await call(w.app, w.viewer)(
      "GET",
      `/scoring/scores?regionId=${w.regionId}&period=${HAND.period}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.period).toMatchObject({ from: "2026-01-01", to: "2026-03-31", label: "2026年第一季度" });
    expect(body.asOf).toBe("2026-03-31");
    expect(
      body.departments.map((d: { department: { name: string }; score: number; rank: number }) => ({
        name: d.department.name,
        score: d.score,
        rank: d.rank,
      })),
    ).toEqual(HAND.scores);

    const mine = new Map<string, Set<string>>([
      [w.dept.A, new Set([w.ids.a1, w.ids.a2, w.ids.a3])],
      [w.dept.B, new Set([w.ids.a1, w.ids.b1])],
      [w.dept.C, new Set([w.ids.c1])],
    ]);
    const texts = new Map(Object.entries(w.ids).map(([k, id]) => [id, w.taskText[k as keyof typeof w.ids]]));
    for (const d of body.departments) {
      const sum = d.lines.reduce((s: number, l: { points: number }) => s + l.points, 0);
      expect(Math.round((body.rubric.rubric.baseScore + sum) * 100) / 100).toBe(d.score);
      for (const l of d.lines) {
        expect(mine.get(d.department.id)?.has(l.assignmentId)).toBe(true);
        expect(l.taskText).toBe(texts.get(l.assignmentId));
      }
    }
    const A = body.departments.find((d: { department: { id: string } }) => d.department.id === w.dept.A);
    expect(A.lines.map((l: { rule: string; points: number }) => [l.rule, l.points])).toEqual([
      ["closedOnTime", 2],
      ["closedEarly", 1],
      ["quality", 2],
      ["late", -8.4],
      ["returnedProgress", -1],
      ["returnedProgress", -1],
      ["notSignedOff", -1],
    ]);
    expect(A).toMatchObject({ assigned: 3, closed: 1, overdue: 1 });
    const B = body.departments.find((d: { department: { id: string } }) => d.department.id === w.dept.B);
    expect(B.lines.filter((l: { asCoDepartment: boolean }) => l.asCoDepartment)).toHaveLength(3);
    expect(B.lines.find((l: { rule: string }) => l.rule === "extensionApproved").detail).toContain(
      "批准延期至2026年3月16日",
    );
  });

  it("refuses scores to department users and to supervisors of another region; checks the period", async () => {
    const url = `/scoring/scores?regionId=${w.regionId}&period=${HAND.period}`;
    expect((await call(w.app, w.userA)("GET", url)).statusCode).toBe(403);
    expect((await call(w.app, w.otherSupervisor)("GET", url)).statusCode).toBe(403);
    expect((await call(w.app, null)("GET", url)).statusCode).toBe(401);
    expect(
      (await call(w.app, w.admin)("GET", `/scoring/scores?regionId=${w.regionId}&period=2026-Q5`)).statusCode,
    ).toBe(400);
    expect(
      (await call(w.app, w.admin)("GET", `/scoring/scores?regionId=nowhere&period=2026`)).statusCode,
    ).toBe(404);
  });

  it("rates a closed assignment's quality with a reason, versioned, and writes it to history and audit", async () => {
    const sup = call(w.app, w.supervisor);
    const open = await sup("PUT", `/assignments/${w.ids.a2}/quality-rating`, {
      level: "good",
      reason: "尚未办结",
    });
    expect(open.statusCode).toBe(409);
    expect(open.json().error.messageZh).toContain("只有已办结销号的事项");
    expect(
      (await sup("PUT", `/assignments/${w.ids.b1}/quality-rating`, { level: "good", reason: "" })).statusCode,
    ).toBe(400);
    const first = await sup("PUT", `/assignments/${w.ids.b1}/quality-rating`, {
      level: "poor",
      reason: "逾期办结",
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ level: "poor", version: 1 });
    const again = await sup("PUT", `/assignments/${w.ids.b1}/quality-rating`, {
      level: "fair",
      reason: "重评",
    });
    expect(again.statusCode).toBe(409);
    const changed = await sup("PUT", `/assignments/${w.ids.b1}/quality-rating`, {
      level: "fair",
      reason: "复核后调整",
      version: 1,
    });
    expect(changed.json()).toMatchObject({ level: "fair", version: 2 });
    expect(
      (await call(w.app, w.userB)("GET", `/assignments/${w.ids.b1}/quality-rating`)).json(),
    ).toMatchObject({
      level: "fair",
    });
    expect((await call(w.app, w.viewer)("GET", `/assignments/${w.ids.c1}/quality-rating`)).json()).toBeNull();
    expect(
      (
        await call(w.app, w.userB)("PUT", `/assignments/${w.ids.b1}/quality-rating`, {
          level: "excellent",
          reason: "自评",
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call(w.app, w.otherSupervisor)("PUT", `/assignments/${w.ids.b1}/quality-rating`, {
          level: "good",
          reason: "x",
          version: 2,
        })
      ).statusCode,
    ).toBe(404);
    const audit = (await auditOf(w.db, "assignment", w.ids.b1)).filter(
      (a) => a.action === "quality_rating.set",
    );
    expect(audit).toHaveLength(2);
    const events = await w.db.kysely
      .selectFrom("assignment_events")
      .select(["action", "detail"])
      .where("assignment_id", "=", w.ids.b1)
      .where("action", "=", "quality")
      .execute();
    expect(events.map((e) => JSON.parse(e.detail ?? "{}").level)).toEqual(["poor", "fair"]);

    // Rated today, it counts in the period that holds today, not in the first quarter.
    const q1 = await call(w.app, w.admin)(
      "GET",
      `/scoring/scores?regionId=${w.regionId}&period=${HAND.period}`,
    );
    const B = q1
      .json()
      .departments.find((d: { department: { name: string } }) => d.department.name === DEPT_NAMES.B);
    expect(B.score).toBe(99.2);
  });

  it("documents the scoring and document routes in the OpenAPI description", async () => {
    const res = await w.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/scoring/rubric",
        "/api/v1/scoring/scores",
        "/api/v1/assignments/{id}/quality-rating",
        "/api/v1/documents/bulletin.docx",
        "/api/v1/documents/ledger.xlsx",
      ]),
    );
  });
});
