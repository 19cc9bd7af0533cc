import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recomputeStatuses } from "../../src/app/supervision/recomputeStatuses.js";
import { CycleActionName } from "../../src/contract/api/supervision.js";
import { addDays, chinaCalendar, daysBetween, shanghaiDay } from "../../src/core/calendar/index.js";
import { CYCLE_ACTIONS } from "../../src/core/supervise/cycle.js";
import { DIALECTS } from "../support/db.js";
import { addUser, as, auditOf, setupWorld, type TestUser, type World } from "./supervision.support.js";

interface Detail {
  id: string;
  version: number;
  status: string;
  colour: string;
  colourReason: string | null;
  percent: number | null;
  deadline: string | null;
  ackDueDate: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  actions: string[];
  leadDepartment: { id: string };
  progress: {
    id: string;
    kind: string;
    reviewStatus: string;
    reviewReason: string | null;
    periodKey: string | null;
  }[];
  extensions: { id: string; status: string; requestedDeadline: string; decisionReason: string | null }[];
}

const today = () => shanghaiDay(new Date());

describe.each(DIALECTS)("the 督办 cycle API on %s", (dialect) => {
  let w: World;
  let admin: TestUser;
  let supervisor: TestUser;
  let farSupervisor: TestUser;
  let viewer: TestUser;
  let userA: TestUser;
  let userB: TestUser;
  let userC: TestUser;
  let A: string;
  let B: string;
  let C: string;
  let next = 0;

  const task = () => w.taskIds[next++] as string;
  const assign = async (body: Record<string, unknown>): Promise<Detail> => {
    const res = await as(w.app, supervisor)("POST", `/tasks/${encodeURIComponent(task())}/assignment`, body);
    expect(res.statusCode, res.body).toBe(201);
    return (await as(w.app, supervisor)("GET", `/assignments/${res.json().id}`)).json();
  };
  const ok = async (p: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) => {
    const res = await p;
    expect(res.statusCode, res.body.slice(0, 400)).toBe(status);
    return res.json() as Detail;
  };
  const history = async (id: string, user: TestUser = supervisor) =>
    (await as(w.app, user)("GET", `/assignments/${id}/history`)).json().items as {
      action: string;
      fromState: string | null;
      toState: string | null;
      actorId: string | null;
      detail: Record<string, unknown> | null;
    }[];

  beforeAll(async () => {
    w = await setupWorld(dialect);
    admin = await addUser(w.db, "admin");
    supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    farSupervisor = await addUser(w.db, "supervisor", { regionId: w.otherRegionId });
    viewer = await addUser(w.db, "viewer", { regionId: w.regionId });
    const mk = async (name: string) =>
      (await as(w.app, admin)("POST", "/departments", { regionId: w.regionId, name })).json().id as string;
    [A, B, C] = [await mk("县发展和改革局"), await mk("县财政局"), await mk("县生态环境局")];
    userA = await addUser(w.db, "department", { departmentId: A });
    userB = await addUser(w.db, "department", { departmentId: B });
    userC = await addUser(w.db, "department", { departmentId: C });
  });
  afterAll(async () => {
    await w.close();
  });

  it("keeps the contract's action names equal to the state machine's", () => {
    expect(CycleActionName.options).toEqual([...CYCLE_ACTIONS]);
  });

  it("runs the whole cycle: 交办 → 签收 → 填报 → 退回 → 重报 → 通过 → 申请办结 → 驳回 → 再申请 → 销号", async () => {
    const deadline = addDays(today(), 200);
    let a = await assign({ leadDepartmentId: A, coDepartmentIds: [B], deadline });
    expect(a).toMatchObject({ status: "assigned", colour: "green", acknowledgedAt: null });
    expect(a.ackDueDate).toBe(chinaCalendar().addWorkingDays(today(), 3));
    const id = a.id;
    const url = `/assignments/${id}`;

    // Who sees which actions: the lead signs, the co-department only reports, viewers and supervisors do not sign.
    expect((await as(w.app, userA)("GET", url)).json().actions).toEqual([
      "acknowledge",
      "decline",
      "submit_progress",
      "request_extension",
    ]);
    expect((await as(w.app, userB)("GET", url)).json().actions).toEqual(["submit_progress"]);
    expect((await as(w.app, viewer)("GET", url)).json().actions).toEqual([]);
    expect((await as(w.app, userC)("GET", url)).statusCode).toBe(404);

    // 签收: only the lead department, with the version it read.
    expect((await as(w.app, userB)("POST", `${url}/acknowledge`, { version: a.version })).statusCode).toBe(
      403,
    );
    expect((await as(w.app, userC)("POST", `${url}/acknowledge`, { version: a.version })).statusCode).toBe(
      404,
    );
    expect((await as(w.app, viewer)("POST", `${url}/acknowledge`, { version: a.version })).statusCode).toBe(
      403,
    );
    expect(
      (await as(w.app, supervisor)("POST", `${url}/acknowledge`, { version: a.version })).statusCode,
    ).toBe(403);
    expect(
      (await as(w.app, userA)("POST", `${url}/acknowledge`, { version: a.version + 5 })).statusCode,
    ).toBe(409);
    a = await ok(as(w.app, userA)("POST", `${url}/acknowledge`, { version: a.version }));
    expect(a.status).toBe("in_progress");
    expect(a.acknowledgedAt).not.toBeNull();
    expect(a.actions).toEqual(["submit_progress", "request_closure", "request_extension"]);
    const twice = await as(w.app, userA)("POST", `${url}/acknowledge`, { version: a.version });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.messageZh).toContain("办理中");

    // 填报, then 审核 returns it: a returned report no longer counts.
    const first = await as(w.app, userA)("POST", `${url}/progress`, { percent: 40, text: "完成可研批复" });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      kind: "progress",
      reviewStatus: "pending",
      periodKey: today().slice(0, 7),
    });
    a = (await as(w.app, supervisor)("GET", url)).json();
    expect(a.percent).toBe(40);
    const review = `/progress/${first.json().id}/review`;
    expect(
      (await as(w.app, userA)("POST", review, { version: a.version, decision: "accept" })).statusCode,
    ).toBe(403);
    expect(
      (await as(w.app, farSupervisor)("POST", review, { version: a.version, decision: "accept" })).statusCode,
    ).toBe(404);
    expect(
      (await as(w.app, supervisor)("POST", review, { version: a.version, decision: "return" })).statusCode,
    ).toBe(400);
    a = await ok(
      as(w.app, supervisor)("POST", review, {
        version: a.version,
        decision: "return",
        reason: "缺少现场佐证材料",
      }),
    );
    expect(a.progress[0]).toMatchObject({ reviewStatus: "returned", reviewReason: "缺少现场佐证材料" });
    expect(a.percent).toBeNull();
    // reviewed already: stale either way
    expect(
      (await as(w.app, supervisor)("POST", review, { version: a.version, decision: "accept" })).statusCode,
    ).toBe(409);

    // 重报 and 通过
    const again = await as(w.app, userA)("POST", `${url}/progress`, { percent: 50, text: "补充现场照片" });
    expect(again.statusCode).toBe(201);
    a = await ok(
      as(w.app, supervisor)("POST", `/progress/${again.json().id}/review`, {
        version: a.version,
        decision: "accept",
      }),
    );
    expect(a.percent).toBe(50);
    expect(a.progress[0]).toMatchObject({ reviewStatus: "accepted" });

    // 申请办结 with evidence: only the lead department
    const closure = {
      version: a.version,
      text: "项目已竣工验收",
      files: [
        {
          name: "验收报告.pdf",
          mime: "application/pdf",
          contentBase64: Buffer.from("%PDF-1.4 验收").toString("base64"),
        },
      ],
    };
    expect((await as(w.app, userB)("POST", `${url}/closure`, closure)).statusCode).toBe(403);
    a = await ok(as(w.app, userA)("POST", `${url}/closure`, closure));
    expect(a.status).toBe("done");
    expect(a.progress[0]).toMatchObject({ kind: "closure", reviewStatus: "pending" });
    // while the closure waits the department may still ask for time
    expect(a.actions).toEqual(["request_extension"]);
    expect((await as(w.app, supervisor)("GET", url)).json().actions).toEqual([
      "review_progress",
      "approve_closure",
      "reject_closure",
      "decide_extension",
    ]);
    // no more progress while the closure waits
    expect((await as(w.app, userA)("POST", `${url}/progress`, { percent: 100, text: "x" })).statusCode).toBe(
      409,
    );

    // 驳回 needs a reason; back to 办理中
    const decision = `${url}/closure/decision`;
    expect(
      (await as(w.app, supervisor)("POST", decision, { version: a.version, decision: "reject" })).statusCode,
    ).toBe(400);
    expect(
      (await as(w.app, userA)("POST", decision, { version: a.version, decision: "approve" })).statusCode,
    ).toBe(403);
    a = await ok(
      as(w.app, supervisor)("POST", decision, {
        version: a.version,
        decision: "reject",
        reason: "尚未完成审计",
      }),
    );
    expect(a.status).toBe("in_progress");
    expect(a.progress[0]).toMatchObject({
      kind: "closure",
      reviewStatus: "returned",
      reviewReason: "尚未完成审计",
    });

    // again, and 销号
    a = await ok(as(w.app, userA)("POST", `${url}/closure`, { version: a.version, text: "审计完成" }));
    const stale = a.version;
    a = await ok(as(w.app, supervisor)("POST", decision, { version: a.version, decision: "approve" }));
    expect(a).toMatchObject({ status: "closed", colour: "done" });
    expect(a.closedAt).not.toBeNull();
    expect(
      (await as(w.app, supervisor)("POST", decision, { version: stale, decision: "approve" })).statusCode,
    ).toBe(409);
    expect((await as(w.app, userA)("POST", `${url}/progress`, { percent: 100, text: "x" })).statusCode).toBe(
      409,
    );

    // the history, as every role that sees the assignment reads it
    const steps = (await history(id, userB)).filter((e) => e.action !== "colour");
    expect(steps.map((e) => e.action)).toEqual([
      "assign",
      "acknowledge",
      "progress",
      "review",
      "progress",
      "review",
      "closure_request",
      "closure_reject",
      "closure_request",
      "closure_approve",
    ]);
    expect(steps[1]).toMatchObject({ fromState: "assigned", toState: "in_progress", actorId: userA.id });
    expect(steps[3]?.detail).toMatchObject({ decision: "return", reason: "缺少现场佐证材料" });
    expect(steps[7]).toMatchObject({
      fromState: "done",
      toState: "in_progress",
      detail: { reason: "尚未完成审计" },
    });
    expect(steps[9]).toMatchObject({ toState: "closed", actorId: supervisor.id });
    expect((await history(id)).some((e) => e.action === "colour" && e.toState === "done")).toBe(true);
    expect((await as(w.app, userC)("GET", `${url}/history`)).statusCode).toBe(404);
    expect((await as(w.app, farSupervisor)("GET", `${url}/history`)).statusCode).toBe(404);

    const audits = (await auditOf(w.db, "assignment", id)).map((x) => x.action);
    expect(audits).toEqual(
      expect.arrayContaining([
        "assignment.create",
        "assignment.acknowledge",
        "assignment.closure_request",
        "assignment.closure_reject",
        "assignment.close",
      ]),
    );
    expect((await auditOf(w.db, "progress")).filter((x) => x.action === "progress.review")).toHaveLength(2);
  });

  it("lets the lead department decline, and a supervisor reassign", async () => {
    let a = await assign({ leadDepartmentId: A, deadline: addDays(today(), 90) });
    const url = `/assignments/${a.id}`;
    expect((await as(w.app, userA)("POST", `${url}/decline`, { version: a.version })).statusCode).toBe(400);
    a = await ok(
      as(w.app, userA)("POST", `${url}/decline`, { version: a.version, reason: "职责不属于本部门" }),
    );
    expect(a.status).toBe("declined");
    expect(a.actions).toEqual([]);
    expect((await as(w.app, userA)("POST", `${url}/acknowledge`, { version: a.version })).statusCode).toBe(
      409,
    );
    expect(
      (await as(w.app, userA)("POST", `${url}/reassign`, { version: a.version, leadDepartmentId: C }))
        .statusCode,
    ).toBe(403);
    expect(
      (await as(w.app, farSupervisor)("POST", `${url}/reassign`, { version: a.version, leadDepartmentId: C }))
        .statusCode,
    ).toBe(404);
    a = await ok(
      as(w.app, supervisor)("POST", `${url}/reassign`, {
        version: a.version,
        leadDepartmentId: C,
        reason: "改由生态环境局牵头",
      }),
    );
    expect(a).toMatchObject({ status: "assigned", leadDepartment: { id: C }, acknowledgedAt: null });
    expect((await as(w.app, userA)("GET", url)).statusCode).toBe(404);
    a = await ok(as(w.app, userC)("POST", `${url}/acknowledge`, { version: a.version }));
    expect(a.status).toBe("in_progress");
    const steps = (await history(a.id, userC)).filter((e) => e.action !== "colour");
    expect(steps.map((e) => e.action)).toEqual(["assign", "decline", "reassign", "acknowledge"]);
    expect(steps[1]?.detail).toMatchObject({ reason: "职责不属于本部门", departmentId: A });
    expect(steps[2]?.detail).toMatchObject({
      fromDepartmentId: A,
      toDepartmentId: C,
      reason: "改由生态环境局牵头",
    });
  });

  it("takes an extension request and lets a supervisor refuse or approve it", async () => {
    const deadline = addDays(today(), 30);
    let a = await assign({ leadDepartmentId: A, deadline });
    const url = `/assignments/${a.id}`;
    const later = addDays(deadline, 60);
    a = await ok(as(w.app, userA)("POST", `${url}/acknowledge`, { version: a.version }));
    expect(
      (
        await as(w.app, userA)("POST", `${url}/extensions`, {
          version: a.version,
          requestedDeadline: addDays(deadline, -1),
          reason: "x",
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await as(w.app, userB)("POST", `${url}/extensions`, {
          version: a.version,
          requestedDeadline: later,
          reason: "x",
        })
      ).statusCode,
    ).toBe(404);
    a = await ok(
      as(w.app, userA)("POST", `${url}/extensions`, {
        version: a.version,
        requestedDeadline: later,
        reason: "用地审批延后",
      }),
    );
    expect(a.extensions[0]).toMatchObject({ status: "pending", requestedDeadline: later });
    expect(
      (
        await as(w.app, userA)("POST", `${url}/extensions`, {
          version: a.version,
          requestedDeadline: later,
          reason: "再次",
        })
      ).statusCode,
    ).toBe(409);
    const ext = `/extensions/${a.extensions[0]?.id}/decision`;
    expect(
      (await as(w.app, userA)("POST", ext, { version: a.version, decision: "approve" })).statusCode,
    ).toBe(403);
    expect(
      (await as(w.app, supervisor)("POST", ext, { version: a.version, decision: "refuse" })).statusCode,
    ).toBe(400);
    expect(
      (await as(w.app, supervisor)("POST", ext, { version: a.version - 1, decision: "approve" })).statusCode,
    ).toBe(409);
    a = await ok(
      as(w.app, supervisor)("POST", ext, { version: a.version, decision: "refuse", reason: "理由不充分" }),
    );
    expect(a.deadline).toBe(deadline);
    expect(a.extensions[0]).toMatchObject({ status: "refused", decisionReason: "理由不充分" });
    expect(
      (await as(w.app, supervisor)("POST", ext, { version: a.version, decision: "approve" })).statusCode,
    ).toBe(409);

    a = await ok(
      as(w.app, userA)("POST", `${url}/extensions`, {
        version: a.version,
        requestedDeadline: later,
        reason: "补充说明：国土空间规划调整",
      }),
    );
    a = await ok(
      as(w.app, admin)("POST", `/extensions/${a.extensions[0]?.id}/decision`, {
        version: a.version,
        decision: "approve",
      }),
    );
    expect(a.deadline).toBe(later);
    expect(a.extensions.map((e) => e.status)).toEqual(["approved", "refused"]);
    const steps = (await history(a.id)).filter((e) => e.action.startsWith("extension"));
    expect(steps.map((e) => e.action)).toEqual([
      "extension_request",
      "extension_refuse",
      "extension_request",
      "extension_approve",
    ]);
    expect(steps[3]?.detail).toMatchObject({ from: deadline, to: later });
  });

  it("colours assignments, lists them by colour and recomputes on demand", async () => {
    // Working days, so that no holiday moves the deadline a task is held to.
    const cal = chinaCalendar();
    const late = await assign({ leadDepartmentId: B, deadline: cal.addWorkingDays(today(), -2) });
    const soon = await assign({ leadDepartmentId: B, deadline: addDays(today(), 2) });
    expect(late.colour).toBe("red");
    expect(soon.colour).toBe("blue");
    const red = (await as(w.app, userB)("GET", "/assignments?colour=red")).json().items as Detail[];
    expect(red.map((x) => x.id)).toContain(late.id);
    expect(red.every((x) => x.colour === "red")).toBe(true);
    const listed = (await as(w.app, supervisor)("GET", "/assignments?colour=blue")).json().items as Detail[];
    expect(listed.map((x) => x.id)).toContain(soon.id);
    expect(listed.find((x) => x.id === soon.id)).toMatchObject({ colourCode: "due_soon" });
    expect((await as(w.app, supervisor)("GET", "/assignments?colour=purple")).statusCode).toBe(400);

    // time passes (the deadline is moved underneath): the batch picks it up and writes a colour event
    const passed = cal.addWorkingDays(today(), -1);
    await w.db.kysely
      .updateTable("assignments")
      .set({ deadline: passed })
      .where("id", "=", soon.id)
      .execute();
    expect((await as(w.app, supervisor)("POST", "/supervision/recompute")).statusCode).toBe(403);
    const run = (await as(w.app, admin)("POST", "/supervision/recompute")).json();
    expect(run.checked).toBeGreaterThanOrEqual(2);
    expect(run.changed).toBeGreaterThanOrEqual(1);
    const after = (await as(w.app, supervisor)("GET", `/assignments/${soon.id}`)).json();
    expect(after).toMatchObject({ colour: "red", colourReason: `已超期 ${daysBetween(passed, today())} 天` });
    const colours = (await history(soon.id)).filter((e) => e.action === "colour");
    expect(colours.at(-1)).toMatchObject({ fromState: "blue", toState: "red" });
    // nothing changed since: nothing written
    expect((await as(w.app, admin)("POST", "/supervision/recompute")).json().changed).toBe(0);
  });

  it("keeps rules per region from a day on, editable by the region's supervisors and admins", async () => {
    const rules = { blueDays: 5, tolerance: 15, ackWorkingDays: 1 };
    const body = { regionId: w.regionId, effectiveFrom: today(), rules };
    expect((await as(w.app, userA)("POST", "/supervision/rules", body)).statusCode).toBe(403);
    expect((await as(w.app, farSupervisor)("POST", "/supervision/rules", body)).statusCode).toBe(403);
    expect(
      (await as(w.app, supervisor)("POST", "/supervision/rules", { ...body, regionId: null })).statusCode,
    ).toBe(403);
    expect(
      (
        await as(w.app, supervisor)("POST", "/supervision/rules", {
          ...body,
          effectiveFrom: addDays(today(), -1),
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await as(w.app, supervisor)("POST", "/supervision/rules", { ...body, rules: { reportDay: 31 } }))
        .statusCode,
    ).toBe(400);
    const set = await as(w.app, supervisor)("POST", "/supervision/rules", body);
    expect(set.statusCode, set.body).toBe(201);
    expect(set.json()).toMatchObject({
      regionId: w.regionId,
      canEdit: true,
      effective: { ...rules, reportDay: 25 },
    });
    const nationwide = await as(w.app, admin)("POST", "/supervision/rules", {
      regionId: null,
      effectiveFrom: today(),
      rules: { blueDays: 10 },
    });
    expect(nationwide.statusCode).toBe(201);
    const view = (await as(w.app, supervisor)("GET", "/supervision/rules")).json();
    expect(view).toMatchObject({ regionId: w.regionId, effective: { blueDays: 5 } });
    expect(view.rows.map((r: { regionId: string | null }) => r.regionId)).toEqual([w.regionId, null]);
    expect(
      (await as(w.app, farSupervisor)("GET", `/supervision/rules?regionId=${w.regionId}`)).statusCode,
    ).toBe(403);
    // a new assignment's 签收 is due by the rules now in force
    const a = await assign({ leadDepartmentId: C, deadline: addDays(today(), 100) });
    expect(a.ackDueDate).toBe(chinaCalendar().addWorkingDays(today(), 1));
  });

  it("recolours only what changed once the day's full run is done, and everything after a rule change", async () => {
    const tick = () => recomputeStatuses({ db: w.db, actor: null, now: () => new Date() });
    expect((await as(w.app, admin)("POST", "/supervision/recompute")).statusCode).toBe(200);
    expect((await tick()).checked).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    const [one] = await w.db.kysely
      .selectFrom("assignments")
      .select("id")
      .where("status", "<>", "closed")
      .execute();
    await w.db.kysely
      .updateTable("assignments")
      .set({ updated_at: new Date().toISOString() })
      .where("id", "=", one?.id as string)
      .execute();
    expect(await tick()).toMatchObject({ checked: 1 });
    expect((await tick()).checked).toBe(0);
    const open = await w.db.kysely
      .selectFrom("assignments")
      .select("id")
      .where("status", "<>", "closed")
      .execute();
    const later = await as(w.app, admin)("POST", "/supervision/rules", {
      regionId: null,
      effectiveFrom: addDays(today(), 1),
      rules: {},
    });
    expect(later.statusCode).toBe(201);
    // not in force yet: the day it starts, its first run looks at everything anyway
    expect((await tick()).checked).toBeLessThanOrEqual(1);
    const now = await as(w.app, admin)("POST", "/supervision/rules", {
      regionId: null,
      effectiveFrom: today(),
      rules: {},
    });
    expect(now.statusCode).toBe(201);
    expect((await tick()).checked).toBe(open.length);
    expect((await tick()).checked).toBe(0);
  });

  it("rewrites nothing when only the day moves on, and words the reason for the day it is read", async () => {
    const cal = chinaCalendar();
    const deadline = cal.addWorkingDays(today(), -3);
    const late = await assign({ leadDepartmentId: B, deadline });
    expect(late.colourReason).toBe(`已超期 ${daysBetween(deadline, today())} 天`);
    const atNoon = (day: string) => new Date(`${day}T04:00:00Z`);
    const run = (day: string) =>
      recomputeStatuses({ db: w.db, actor: null, now: () => atNoon(day) }, { full: true });
    const colourAt = async () =>
      (
        await w.db.kysely
          .selectFrom("assignment_colours")
          .select("at")
          .where("assignment_id", "=", late.id)
          .executeTakeFirstOrThrow()
      ).at;
    await run(today());
    const before = await colourAt();
    // two days on, still overdue: the full run looks at the row and leaves it as it is
    const next = await run(addDays(today(), 2));
    expect(next.checked).toBeGreaterThan(0);
    expect(await colourAt()).toBe(before);
    const read = await as(w.app, supervisor)("GET", `/assignments/${late.id}`);
    expect(read.json().colourReason).toBe(`已超期 ${daysBetween(deadline, today())} 天`);
  });

  it("lets admins override the calendar locally", async () => {
    const day = addDays(today(), 10);
    const body = { day, kind: "holiday", name: "地方纪念日" };
    expect((await as(w.app, supervisor)("POST", "/calendar/days", body)).statusCode).toBe(403);
    expect((await as(w.app, admin)("POST", "/calendar/days", body)).json()).toMatchObject({
      day,
      kind: "holiday",
    });
    const year = Number(day.slice(0, 4));
    const cal = (await as(w.app, userA)("GET", `/calendar?year=${year}`)).json();
    expect(cal.overrides).toEqual([expect.objectContaining({ day, name: "地方纪念日" })]);
    const y2026 = (await as(w.app, viewer)("GET", "/calendar?year=2026")).json();
    expect(y2026.workdays).toContain("2026-02-14");
    expect(y2026.holidays).toContainEqual({ day: "2026-10-01", name: "国庆节" });
    expect((await as(w.app, viewer)("GET", "/calendar?year=2027")).json().source).toBeNull();
    expect((await as(w.app, admin)("DELETE", `/calendar/days/${day}`)).statusCode).toBe(204);
    expect((await as(w.app, admin)("DELETE", `/calendar/days/${day}`)).statusCode).toBe(404);
  });
});
