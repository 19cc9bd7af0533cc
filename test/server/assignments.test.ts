import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../support/db.js";
import { addUser, as, auditOf, setupWorld, type TestUser, type World } from "./supervision.support.js";

interface Dept {
  id: string;
  name: string;
}

describe.each(DIALECTS)("assignments API on %s", (dialect) => {
  let w: World;
  let admin: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let viewer: TestUser;
  let userA: TestUser;
  let userB: TestUser;
  let userC: TestUser;
  let A: Dept;
  let B: Dept;
  let C: Dept;
  let Far: Dept;
  /** A task with a deadline of its own, and three without an assignment yet. */
  let dated: { id: string; deadline: string };
  let t1: string;
  let t2: string;
  let t3: string;
  let first: { id: string; version: number };

  const taskUrl = (id: string) => `/tasks/${encodeURIComponent(id)}/assignment`;

  beforeAll(async () => {
    w = await setupWorld(dialect);
    admin = await addUser(w.db, "admin");
    supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    otherSupervisor = await addUser(w.db, "supervisor", { regionId: w.otherRegionId });
    viewer = await addUser(w.db, "viewer");
    const mk = async (regionId: string, name: string) => {
      const res = await as(w.app, admin)("POST", "/departments", { regionId, name });
      expect(res.statusCode).toBe(201);
      return res.json() as Dept;
    };
    A = await mk(w.regionId, "县工业和信息化局");
    B = await mk(w.regionId, "县自然资源局");
    C = await mk(w.regionId, "县民政局");
    Far = await mk(w.otherRegionId, "别县工信局");
    userA = await addUser(w.db, "department", { departmentId: A.id });
    userB = await addUser(w.db, "department", { departmentId: B.id });
    userC = await addUser(w.db, "department", { departmentId: C.id });
    const rows = await w.db.kysely
      .selectFrom("tasks")
      .select(["id", "deadline"])
      .where("report_id", "=", w.reportId)
      .where("deadline", "is not", null)
      .orderBy("start_pos")
      .execute();
    dated = { id: rows[0]?.id as string, deadline: rows[0]?.deadline as string };
    const rest = w.taskIds.filter((id) => id !== dated.id);
    [t1, t2, t3] = rest as [string, string, string];
  });
  afterAll(async () => {
    await w.close();
  });

  it("assigns a task: deadline defaults to the task's, with milestones and an audit entry", async () => {
    const res = await as(w.app, supervisor)("POST", taskUrl(dated.id), {
      leadDepartmentId: A.id,
      coDepartmentIds: [B.id],
      note: "请于每月底报送进展",
      milestones: [{ title: "完成设计", dueDate: "2025-03-31" }, { title: "开工建设" }],
    });
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      taskId: dated.id,
      reportId: w.reportId,
      regionId: w.regionId,
      leadDepartment: { id: A.id, name: A.name },
      coDepartments: [{ id: B.id, name: B.name }],
      deadline: dated.deadline,
      status: "assigned",
      note: "请于每月底报送进展",
      percent: null,
      version: 1,
    });
    first = { id: a.id, version: a.version };
    const audits = await auditOf(w.db, "assignment", a.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "assignment.create", actor_id: supervisor.id });
    const after = JSON.parse(audits[0]?.after ?? "null");
    expect(after).toMatchObject({ leadDepartmentId: A.id, coDepartmentIds: [B.id] });
    expect(after.milestones).toHaveLength(2);
  });

  it("refuses a second assignment of the same task with 409", async () => {
    const res = await as(w.app, admin)("POST", taskUrl(dated.id), { leadDepartmentId: C.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.messageZh).toContain("不能重复交办");
  });

  it("checks roles, regions and departments", async () => {
    const byViewer = await as(w.app, viewer)("POST", taskUrl(t1), { leadDepartmentId: A.id });
    expect(byViewer.statusCode).toBe(403);
    const byDept = await as(w.app, userA)("POST", taskUrl(t1), { leadDepartmentId: A.id });
    expect(byDept.statusCode).toBe(403);
    const outside = await as(w.app, otherSupervisor)("POST", taskUrl(t1), { leadDepartmentId: Far.id });
    expect(outside.statusCode).toBe(403);
    const farDept = await as(w.app, admin)("POST", taskUrl(t1), { leadDepartmentId: Far.id });
    expect(farDept.statusCode).toBe(400);
    const leadAlsoCo = await as(w.app, admin)("POST", taskUrl(t1), {
      leadDepartmentId: A.id,
      coDepartmentIds: [A.id],
    });
    expect(leadAlsoCo.statusCode).toBe(400);
    const noDept = await as(w.app, admin)("POST", taskUrl(t1), { leadDepartmentId: "nope" });
    expect(noDept.statusCode).toBe(404);
    const noTask = await as(w.app, admin)("POST", taskUrl("nope"), { leadDepartmentId: A.id });
    expect(noTask.statusCode).toBe(404);
    const badDate = await as(w.app, admin)("POST", taskUrl(t1), {
      leadDepartmentId: A.id,
      deadline: "2025-13-40",
    });
    expect(badDate.statusCode).toBe(400);
    expect(await auditOf(w.db, "assignment")).toHaveLength(1);
  });

  it("bulk-assigns all or nothing", async () => {
    const count = async () =>
      Number(
        (
          await w.db.kysely
            .selectFrom("assignments")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const badId = await as(w.app, supervisor)("POST", "/assignments/bulk", {
      taskIds: [t1, t2, "no-such-task"],
      leadDepartmentId: A.id,
    });
    expect(badId.statusCode).toBe(404);
    expect(await count()).toBe(1);
    const taken = await as(w.app, supervisor)("POST", "/assignments/bulk", {
      taskIds: [t1, dated.id],
      leadDepartmentId: A.id,
    });
    expect(taken.statusCode).toBe(409);
    expect(await count()).toBe(1);
    const ok = await as(w.app, supervisor)("POST", "/assignments/bulk", {
      taskIds: [t1, t2, t3],
      leadDepartmentId: A.id,
      coDepartmentIds: [C.id],
      deadline: "2099-11-30",
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().items).toHaveLength(3);
    expect(ok.json().items.every((a: { deadline: string }) => a.deadline === "2099-11-30")).toBe(true);
    expect(await count()).toBe(4);
    const audits = await auditOf(w.db, "assignment");
    expect(audits.filter((a) => a.action === "assignment.create")).toHaveLength(4);
  });

  it("lists what each role may see, with filters and cursor pagination", async () => {
    const ids = async (user: TestUser, query = "") => {
      const res = await as(w.app, user)("GET", `/assignments${query}`);
      expect(res.statusCode).toBe(200);
      return res.json().items.map((a: { id: string }) => a.id) as string[];
    };
    expect(await ids(admin)).toHaveLength(4);
    expect(await ids(supervisor)).toHaveLength(4);
    expect(await ids(viewer)).toHaveLength(4);
    expect(await ids(otherSupervisor)).toHaveLength(0);
    expect(await ids(userA)).toHaveLength(4);
    expect(await ids(userB)).toEqual([first.id]);
    expect(await ids(userC)).toHaveLength(3);
    // A department user cannot widen the view with a filter.
    expect(await ids(userB, `?departmentId=${C.id}`)).toEqual([]);
    expect(await ids(admin, `?departmentId=${B.id}`)).toEqual([first.id]);
    expect(await ids(admin, `?regionId=${w.otherRegionId}`)).toEqual([]);
    expect(await ids(admin, "?status=assigned")).toHaveLength(4);
    expect(await ids(admin, "?status=done")).toHaveLength(0);
    expect(await ids(admin, "?dueBefore=2099-11-30")).toHaveLength(4);
    expect(await ids(admin, "?dueBefore=2099-11-29")).toEqual([first.id]);
    const page1 = await as(w.app, admin)("GET", "/assignments?limit=3");
    expect(page1.json().items).toHaveLength(3);
    const page2 = await as(w.app, admin)("GET", `/assignments?limit=3&cursor=${page1.json().nextCursor}`);
    expect(page2.json().items).toHaveLength(1);
    expect(page2.json().nextCursor).toBeNull();
    const bad = await as(w.app, admin)("GET", "/assignments?status=nonsense");
    expect(bad.statusCode).toBe(400);
  });

  it("shows one assignment with task, report, departments and milestones to those who may see it", async () => {
    const res = await as(w.app, userB)("GET", `/assignments/${first.id}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.task).toMatchObject({ id: dated.id, deadline: dated.deadline, reportId: w.reportId });
    expect(d.task.text.length).toBeGreaterThan(5);
    expect(d.task.reportTitle).toContain("示例县");
    expect(d.milestones.map((m: { title: string }) => m.title)).toEqual(["完成设计", "开工建设"]);
    expect(d.progress).toEqual([]);
    expect((await as(w.app, userC)("GET", `/assignments/${first.id}`)).statusCode).toBe(404);
    expect((await as(w.app, otherSupervisor)("GET", `/assignments/${first.id}`)).statusCode).toBe(404);
  });

  it("updates with the version read; a stale version is 409; department users cannot update", async () => {
    const byDept = await as(w.app, userA)("PATCH", `/assignments/${first.id}`, {
      version: 1,
      status: "done",
    });
    expect(byDept.statusCode).toBe(403);
    const ok = await as(w.app, supervisor)("PATCH", `/assignments/${first.id}`, {
      version: first.version,
      coDepartmentIds: [B.id, C.id],
      deadline: "2000-01-31",
      status: "in_progress",
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      version: 2,
      deadline: "2000-01-31",
      status: "in_progress",
      overdue: true,
    });
    expect(
      ok
        .json()
        .coDepartments.map((d: Dept) => d.id)
        .sort(),
    ).toEqual([B.id, C.id].sort());
    const stale = await as(w.app, supervisor)("PATCH", `/assignments/${first.id}`, {
      version: first.version,
      note: "late",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("CONFLICT");
    const badStatus = await as(w.app, supervisor)("PATCH", `/assignments/${first.id}`, {
      version: 2,
      status: "x",
    });
    expect(badStatus.statusCode).toBe(400);
    // userC now co-operates on it and sees it; it is overdue.
    expect((await as(w.app, userC)("GET", `/assignments/${first.id}`)).statusCode).toBe(200);
    const overdue = await as(w.app, admin)("GET", "/assignments?overdue=true");
    expect(overdue.json().items.map((a: { id: string }) => a.id)).toEqual([first.id]);
    const audits = await auditOf(w.db, "assignment", first.id);
    expect(audits.map((a) => a.action)).toEqual(["assignment.create", "assignment.update"]);
    expect(JSON.parse(audits[1]?.before ?? "null")).toMatchObject({
      status: "assigned",
      coDepartmentIds: [B.id],
    });
    first.version = 2;
  });

  it("adds milestones and marks them done, bumping the assignment's version", async () => {
    const add = await as(w.app, supervisor)("POST", `/assignments/${first.id}/milestones`, {
      title: "竣工验收",
      dueDate: "2025-12-15",
    });
    expect(add.statusCode).toBe(201);
    expect(add.json().assignmentVersion).toBe(3);
    const m = add.json().milestone;
    const stale = await as(w.app, supervisor)("PATCH", `/milestones/${m.id}`, { version: 2, done: true });
    expect(stale.statusCode).toBe(409);
    const done = await as(w.app, supervisor)("PATCH", `/milestones/${m.id}`, { version: 3, done: true });
    expect(done.statusCode).toBe(200);
    expect(done.json().milestone.doneAt).toBeTypeOf("string");
    expect(done.json().assignmentVersion).toBe(4);
    const byViewer = await as(w.app, viewer)("PATCH", `/milestones/${m.id}`, { version: 4, done: false });
    expect(byViewer.statusCode).toBe(403);
    const detail = await as(w.app, admin)("GET", `/assignments/${first.id}`);
    expect(detail.json().version).toBe(4);
    expect(detail.json().milestones.find((x: { id: string }) => x.id === m.id).doneAt).toBeTypeOf("string");
    expect((await auditOf(w.db, "milestone", m.id)).map((a) => a.action)).toEqual([
      "milestone.create",
      "milestone.update",
    ]);
  });

  it("documents every route in the OpenAPI document", async () => {
    const res = await w.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const doc = res.json();
    for (const p of [
      "/api/v1/departments",
      "/api/v1/tasks/{taskId}/assignment",
      "/api/v1/assignments",
      "/api/v1/assignments/bulk",
      "/api/v1/assignments/{id}",
      "/api/v1/milestones/{id}",
      "/api/v1/assignments/{id}/progress",
      "/api/v1/evidence/{id}",
      "/api/v1/audit",
    ])
      expect(doc.paths[p], p).toBeDefined();
    expect(doc.components.schemas.Assignment).toBeDefined();
  });
});
