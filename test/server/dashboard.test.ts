import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardSummary } from "../../src/contract/api/dashboard.js";
import { shanghaiDay } from "../../src/core/calendar/index.js";
import { DIALECTS } from "../support/db.js";
import { addUser, as, setupWorld, type TestUser, type World } from "./supervision.support.js";

/** A day relative to today, as the server counts days (Asia/Shanghai). */
function day(offset: number): string {
  return shanghaiDay(new Date(Date.now() + offset * 86_400_000));
}

describe.each(DIALECTS)("dashboard summary on %s", (dialect) => {
  let w: World;
  let admin: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let deptUser: TestUser;
  let A: { id: string };
  let B: { id: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await setupWorld(dialect);
    admin = await addUser(w.db, "admin");
    supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    otherSupervisor = await addUser(w.db, "supervisor", { regionId: w.otherRegionId });
    const mk = async (name: string) =>
      (await as(w.app, admin)("POST", "/departments", { regionId: w.regionId, name })).json() as {
        id: string;
      };
    A = await mk("县教育局");
    B = await mk("县卫生健康局");
    deptUser = await addUser(w.db, "department", { departmentId: A.id });
    const assign = async (key: string, task: number, lead: string, deadline: string | null) => {
      const res = await as(w.app, supervisor)("POST", `/tasks/${w.taskIds[task]}/assignment`, {
        leadDepartmentId: lead,
        deadline,
      });
      expect(res.statusCode).toBe(201);
      ids[key] = res.json().id;
    };
    await assign("late", 0, A.id, day(-3));
    await assign("soon", 1, A.id, day(5));
    await assign("later", 2, A.id, day(60));
    await assign("finished", 3, B.id, day(-10));
    await assign("undated", 4, B.id, null);
    const progress = await as(w.app, deptUser)("POST", `/assignments/${ids.soon}/progress`, {
      percent: 40,
      text: "已完成招标",
    });
    expect(progress.statusCode).toBe(201);
    const a = (await as(w.app, admin)("GET", `/assignments/${ids.finished}`)).json();
    const done = await as(w.app, admin)("PATCH", `/assignments/${ids.finished}`, {
      version: a.version,
      status: "done",
    });
    expect(done.statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await w.close();
  });

  it("counts tasks and assignments by status and lead department, with overdue and due-soon lists", async () => {
    const res = await as(w.app, supervisor)("GET", "/dashboard/summary");
    expect(res.statusCode).toBe(200);
    const s = res.json() as DashboardSummary;
    expect(s.asOf).toBe(day(0));
    expect(s.tasks).toEqual({ total: w.taskIds.length, unassigned: w.taskIds.length - 5 });
    expect(Object.fromEntries(s.byStatus.map((x) => [x.status, x.count]))).toEqual({
      assigned: 3,
      in_progress: 1,
      done: 1,
    });
    expect(s.byDepartment).toEqual([
      {
        department: expect.objectContaining({ id: B.id, name: "县卫生健康局" }),
        assignments: 2,
        done: 1,
        overdue: 0,
        averagePercent: 50,
      },
      {
        department: expect.objectContaining({ id: A.id, name: "县教育局" }),
        assignments: 3,
        done: 0,
        overdue: 1,
        averagePercent: 13.3,
      },
    ]);
    expect(s.totals).toEqual({ assignments: 5, done: 1, overdue: 1, dueSoon: 1, averagePercent: 28 });
    expect(s.overdue.map((x) => x.assignmentId)).toEqual([ids.late]);
    expect(s.overdue[0]).toMatchObject({
      taskId: w.taskIds[0],
      reportId: w.reportId,
      leadDepartment: { id: A.id },
      deadline: day(-3),
      status: "assigned",
      percent: null,
    });
    expect(s.dueSoon.map((x) => x.assignmentId)).toEqual([ids.soon]);
    expect(s.dueSoon[0]).toMatchObject({ percent: 40, status: "in_progress" });
  });

  it("keeps to the caller's region and refuses department users", async () => {
    const other = (await as(w.app, otherSupervisor)("GET", "/dashboard/summary")).json() as DashboardSummary;
    expect(other.tasks).toEqual({ total: 0, unassigned: 0 });
    expect(other.byDepartment).toEqual([]);
    expect(other.totals.assignments).toBe(0);
    const filtered = (
      await as(w.app, admin)("GET", `/dashboard/summary?regionId=${w.otherRegionId}`)
    ).json() as DashboardSummary;
    expect(filtered.totals.assignments).toBe(0);
    expect((await as(w.app, deptUser)("GET", "/dashboard/summary")).statusCode).toBe(403);
    expect((await as(w.app, admin)("GET", "/dashboard/summary?limit=0")).statusCode).toBe(400);
  });
});
