import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../support/db.js";
import { addUser, as, setupWorld, type TestUser, type World } from "./supervision.support.js";

interface Entry {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

describe.each(DIALECTS)("audit API on %s", (dialect) => {
  let w: World;
  let admin: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let deptUser: TestUser;
  let viewer: TestUser;
  let localDept: string;
  let farDept: string;
  let assignmentId: string;
  let started: string;

  const list = async (user: TestUser, query = "") => {
    const res = await as(w.app, user)("GET", `/audit${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Entry[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    w = await setupWorld(dialect);
    admin = await addUser(w.db, "admin");
    supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    otherSupervisor = await addUser(w.db, "supervisor", { regionId: w.otherRegionId });
    viewer = await addUser(w.db, "viewer");
    started = new Date().toISOString();
    localDept = (
      await as(w.app, supervisor)("POST", "/departments", { regionId: w.regionId, name: "县审计局" })
    ).json().id;
    farDept = (
      await as(w.app, admin)("POST", "/departments", { regionId: w.otherRegionId, name: "别县审计局" })
    ).json().id;
    deptUser = await addUser(w.db, "department", { departmentId: localDept });
    const a = await as(w.app, supervisor)(
      "POST",
      `/tasks/${encodeURIComponent(w.taskIds[2] as string)}/assignment`,
      {
        leadDepartmentId: localDept,
        milestones: [{ title: "制定方案" }],
      },
    );
    assignmentId = a.json().id;
    const p = await as(w.app, deptUser)("POST", `/assignments/${assignmentId}/progress`, {
      percent: 20,
      text: "方案起草中",
    });
    expect(p.statusCode).toBe(201);
    const m = await as(w.app, supervisor)("POST", `/assignments/${assignmentId}/milestones`, {
      title: "组织验收",
    });
    expect(m.statusCode).toBe(201);
  });
  afterAll(async () => {
    await w.close();
  });

  it("lists every write newest first, with parsed before/after, for admins", async () => {
    const { items } = await list(admin, "?limit=500");
    expect(items.map((e) => e.id)).toEqual([...items.map((e) => e.id)].sort().reverse());
    expect(items.map((e) => e.action).reverse()).toEqual([
      "report.ingest",
      "department.create",
      "department.create",
      "assignment.create",
      "progress.submit",
      "assignment.update",
      "milestone.create",
    ]);
    const create = items.find((e) => e.action === "assignment.create");
    expect(create).toMatchObject({
      actorId: supervisor.id,
      entityType: "assignment",
      entityId: assignmentId,
    });
    expect(create?.after).toMatchObject({ leadDepartmentId: localDept, status: "assigned" });
    const start = items.find((e) => e.action === "assignment.update");
    expect(start?.before).toMatchObject({ status: "assigned" });
    expect(start?.after).toMatchObject({ status: "in_progress" });
  });

  it("filters by entity, actor, action and time, and pages with a cursor", async () => {
    expect((await list(admin, "?entityType=department")).items.map((e) => e.entityId).sort()).toEqual(
      [localDept, farDept].sort(),
    );
    expect(
      (await list(admin, `?entityType=assignment&entityId=${assignmentId}`)).items.map((e) => e.action),
    ).toEqual(["assignment.update", "assignment.create"]);
    expect((await list(admin, `?actorId=${deptUser.id}`)).items.map((e) => e.action)).toEqual([
      "assignment.update",
      "progress.submit",
    ]);
    expect((await list(admin, "?action=department.create")).items).toHaveLength(2);
    expect((await list(admin, "?since=2999-01-01")).items).toHaveLength(0);
    expect((await list(admin, `?since=${encodeURIComponent(started)}`)).items).toHaveLength(6);
    const p1 = await list(admin, "?limit=4");
    expect(p1.items).toHaveLength(4);
    const p2 = await list(admin, `?limit=4&cursor=${p1.nextCursor}`);
    expect(p2.items).toHaveLength(3);
    expect(p2.nextCursor).toBeNull();
    expect(new Set([...p1.items, ...p2.items].map((e) => e.id)).size).toBe(7);
    const bad = await as(w.app, admin)("GET", "/audit?since=yesterday");
    expect(bad.statusCode).toBe(400);
  });

  it("shows a region's supervisor the entries about that region only", async () => {
    const mine = (await list(supervisor)).items;
    expect(mine.map((e) => e.entityId)).not.toContain(farDept);
    expect(mine.map((e) => e.action).sort()).toEqual(
      [
        "report.ingest",
        "department.create",
        "assignment.create",
        "progress.submit",
        "assignment.update",
        "milestone.create",
      ].sort(),
    );
    const theirs = (await list(otherSupervisor)).items;
    expect(theirs.map((e) => [e.action, e.entityId])).toEqual([["department.create", farDept]]);
  });

  it("is closed to viewers, department users and the public", async () => {
    expect((await as(w.app, viewer)("GET", "/audit")).statusCode).toBe(403);
    expect((await as(w.app, deptUser)("GET", "/audit")).statusCode).toBe(403);
    expect((await as(w.app, null)("GET", "/audit")).statusCode).toBe(401);
  });

  it("cannot be changed: the database refuses updates and deletes", async () => {
    await expect(w.db.kysely.updateTable("audit_log").set({ action: "x" }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(w.db.kysely.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
  });
});
