import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../support/db.js";
import { addUser, as, auditOf, setupWorld, type TestUser, type World } from "./supervision.support.js";

describe.each(DIALECTS)("departments API on %s", (dialect) => {
  let w: World;
  let admin: TestUser;
  let supervisor: TestUser;
  let viewer: TestUser;
  beforeAll(async () => {
    w = await setupWorld(dialect);
    admin = await addUser(w.db, "admin");
    supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    viewer = await addUser(w.db, "viewer");
  });
  afterAll(async () => {
    await w.close();
  });

  it("creates departments per region, with an audit entry each", async () => {
    const res = await as(w.app, supervisor)("POST", "/departments", {
      regionId: w.regionId,
      name: "县发展和改革局",
      shortName: "发改局",
    });
    expect(res.statusCode).toBe(201);
    const dept = res.json();
    expect(dept).toMatchObject({
      regionId: w.regionId,
      name: "县发展和改革局",
      shortName: "发改局",
      version: 1,
    });
    const audits = await auditOf(w.db, "department", dept.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "department.create", actor_id: supervisor.id });
    expect(JSON.parse(audits[0]?.after ?? "null")).toMatchObject({ name: "县发展和改革局" });
    // The same name in another region is another department.
    const other = await as(w.app, admin)("POST", "/departments", {
      regionId: w.otherRegionId,
      name: "县发展和改革局",
    });
    expect(other.statusCode).toBe(201);
  });

  it("refuses a duplicate name in the same region with 409 and a Chinese message", async () => {
    const res = await as(w.app, admin)("POST", "/departments", {
      regionId: w.regionId,
      name: "县发展和改革局",
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("CONFLICT");
    expect(res.json().error.messageZh).toContain("已有名为“县发展和改革局”的部门");
  });

  it("keeps supervisors to their region and viewers read-only", async () => {
    const outside = await as(w.app, supervisor)("POST", "/departments", {
      regionId: w.otherRegionId,
      name: "县财政局",
    });
    expect(outside.statusCode).toBe(403);
    const byViewer = await as(w.app, viewer)("POST", "/departments", {
      regionId: w.regionId,
      name: "县财政局",
    });
    expect(byViewer.statusCode).toBe(403);
    expect(byViewer.json().error.code).toBe("FORBIDDEN");
    const anonymous = await as(w.app, null)("GET", "/departments");
    expect(anonymous.statusCode).toBe(401);
    const unknownRegion = await as(w.app, admin)("POST", "/departments", {
      regionId: "nope",
      name: "县财政局",
    });
    expect(unknownRegion.statusCode).toBe(404);
    const blank = await as(w.app, admin)("POST", "/departments", { regionId: w.regionId, name: "  " });
    expect(blank.statusCode).toBe(400);
  });

  it("lists departments by region with cursor pagination, for every role", async () => {
    for (const name of ["县财政局", "县教育局", "县卫生健康局"])
      expect(
        (await as(w.app, admin)("POST", "/departments", { regionId: w.regionId, name })).statusCode,
      ).toBe(201);
    const first = await as(w.app, viewer)("GET", `/departments?regionId=${w.regionId}&limit=3`);
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(3);
    expect(first.json().nextCursor).toBeTypeOf("string");
    const second = await as(w.app, viewer)(
      "GET",
      `/departments?regionId=${w.regionId}&limit=3&cursor=${first.json().nextCursor}`,
    );
    expect(second.json().items).toHaveLength(1);
    expect(second.json().nextCursor).toBeNull();
    const names = [...first.json().items, ...second.json().items].map((d: { name: string }) => d.name);
    expect(new Set(names)).toEqual(new Set(["县发展和改革局", "县财政局", "县教育局", "县卫生健康局"]));
    const all = await as(w.app, viewer)("GET", "/departments");
    expect(all.json().items).toHaveLength(5);
  });

  it("renames with the version read; a stale version or a taken name is 409", async () => {
    const list = await as(w.app, admin)("GET", `/departments?regionId=${w.regionId}`);
    const edu = list.json().items.find((d: { name: string }) => d.name === "县教育局");
    const ok = await as(w.app, supervisor)("PATCH", `/departments/${edu.id}`, {
      version: edu.version,
      name: "县教育和体育局",
      shortName: "教体局",
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      name: "县教育和体育局",
      shortName: "教体局",
      version: edu.version + 1,
    });
    const stale = await as(w.app, supervisor)("PATCH", `/departments/${edu.id}`, {
      version: edu.version,
      name: "县教育局",
    });
    expect(stale.statusCode).toBe(409);
    const taken = await as(w.app, supervisor)("PATCH", `/departments/${edu.id}`, {
      version: edu.version + 1,
      name: "县财政局",
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.messageZh).toContain("县财政局");
    const audits = await auditOf(w.db, "department", edu.id);
    expect(audits.map((a) => a.action)).toEqual(["department.create", "department.update"]);
    expect(JSON.parse(audits[1]?.before ?? "null")).toMatchObject({ name: "县教育局" });
  });

  it("deletes only a department no assignment uses", async () => {
    const list = await as(w.app, admin)("GET", `/departments?regionId=${w.regionId}`);
    const byName = (n: string) => list.json().items.find((d: { name: string }) => d.name === n);
    const fin = byName("县财政局");
    const health = byName("县卫生健康局");
    const assigned = await as(w.app, admin)(
      "POST",
      `/tasks/${encodeURIComponent(w.taskIds[0] as string)}/assignment`,
      {
        leadDepartmentId: byName("县发展和改革局").id,
        coDepartmentIds: [fin.id],
      },
    );
    expect(assigned.statusCode).toBe(201);
    const used = await as(w.app, admin)("DELETE", `/departments/${fin.id}`);
    expect(used.statusCode).toBe(409);
    expect(used.json().error.messageZh).toContain("仍承担 1 项交办任务");
    const byViewer = await as(w.app, viewer)("DELETE", `/departments/${health.id}`);
    expect(byViewer.statusCode).toBe(403);
    const stale = await as(w.app, admin)("DELETE", `/departments/${health.id}?version=${health.version + 1}`);
    expect(stale.statusCode).toBe(409);
    const gone = await as(w.app, supervisor)("DELETE", `/departments/${health.id}?version=${health.version}`);
    expect(gone.statusCode).toBe(204);
    expect((await as(w.app, admin)("GET", `/departments/${health.id}`)).statusCode).toBe(404);
    const audits = await auditOf(w.db, "department", health.id);
    expect(audits.map((a) => a.action)).toEqual(["department.create", "department.delete"]);
  });
});
