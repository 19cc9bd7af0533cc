import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { systemContext } from "../../src/app/context.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { findOrCreateRegion } from "../../src/db/repos/regions.js";
import { DIALECTS } from "../support/db.js";
import { SAMPLE2 } from "./reports.support.js";
import { addUser, as, auditOf, setupWorld, type TestUser, type World } from "./supervision.support.js";

interface Region {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  version: number;
}

describe.each(DIALECTS)("regions API and hierarchical scope on %s", (dialect) => {
  let w: World;
  let admin: TestUser;
  let viewer: TestUser;
  /** 示例省 ⊃ 示例市 ⊃ 示例县 (the sample report's region, filed there by an admin); 示例省 ⊃ 样例市 (SAMPLE2). */
  let province: Region;
  let city: Region;
  let county: Region;
  let sibling: Region;
  let siblingReportId: string;

  const create = (body: unknown) => as(w.app, admin)("POST", "/regions", body);
  const patch = (id: string, body: unknown) => as(w.app, admin)("PATCH", `/regions/${id}`, body);
  const region = async (id: string): Promise<Region> =>
    (await as(w.app, admin)("GET", `/regions/${id}`)).json();

  beforeAll(async () => {
    w = await setupWorld(dialect);
    admin = await addUser(w.db, "admin");
    viewer = await addUser(w.db, "viewer");
    const r = await ingestReport(systemContext(w.db, SYSTEM_ACTOR), { bytes: SAMPLE2, path: "样例市.txt" });
    siblingReportId = r.reportId;
  });
  afterAll(async () => {
    await w.close();
  });

  describe("the regions API", () => {
    it("lists the regions ingestion created, top-level, for every role", async () => {
      const res = await as(w.app, viewer)("GET", "/regions");
      expect(res.statusCode).toBe(200);
      const items: Region[] = res.json().items;
      county = items.find((x) => x.id === w.regionId) as Region;
      sibling = items.find((x) => x.name === "样例市") as Region;
      expect(county).toMatchObject({ name: "示例县", level: "county", parentId: null, version: 1 });
      expect(sibling).toMatchObject({ level: "city", parentId: null, version: 1 });
      expect((await as(w.app, null)("GET", "/regions")).statusCode).toBe(401);
    });

    it("creates regions (admins only), with an audit entry each", async () => {
      const res = await create({ name: "示例省", level: "province" });
      expect(res.statusCode).toBe(201);
      province = res.json();
      expect(province).toMatchObject({ name: "示例省", level: "province", parentId: null, version: 1 });
      const res2 = await create({ name: "示例市", level: "city", parentId: province.id });
      expect(res2.statusCode).toBe(201);
      city = res2.json();
      expect(city.parentId).toBe(province.id);
      const audits = await auditOf(w.db, "region", city.id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ action: "region.create", actor_id: admin.id });
      expect(JSON.parse(audits[0]?.after ?? "null")).toMatchObject({ name: "示例市", parentId: province.id });

      const sup = await addUser(w.db, "supervisor", { regionId: province.id });
      expect((await as(w.app, sup)("POST", "/regions", { name: "某市", level: "city" })).statusCode).toBe(
        403,
      );
      expect((await as(w.app, viewer)("PATCH", `/regions/${city.id}`, { version: 1 })).statusCode).toBe(403);
      const unknownParent = await create({ name: "某市", level: "city", parentId: "nope" });
      expect(unknownParent.statusCode).toBe(400);
      expect(unknownParent.json().error.details.target).toBe("parentId");
      expect((await create({ name: "某市", level: "town" })).statusCode).toBe(400);
      expect((await create({ name: " ", level: "city" })).statusCode).toBe(400);
    });

    it("refuses a duplicate name under the same parent (and at the top level) with 409", async () => {
      const dupTop = await create({ name: "示例省", level: "province" });
      expect(dupTop.statusCode).toBe(409);
      expect(dupTop.json().error.messageZh).toContain("已有名为“示例省”的地区");
      const dupChild = await create({ name: "示例市", level: "city", parentId: province.id });
      expect(dupChild.statusCode).toBe(409);
      // The same name under another parent is another region.
      const elsewhere = await create({ name: "示例市", level: "district", parentId: city.id });
      expect(elsewhere.statusCode).toBe(201);
      // Renaming into a sibling's name, or moving next to a namesake, is refused too.
      const namesake = elsewhere.json() as Region;
      const move = await patch(namesake.id, { version: 1, parentId: province.id });
      expect(move.statusCode).toBe(409);
      expect(move.json().error.code).toBe("CONFLICT");
    });

    it("files ingested regions under a parent; a stale version is 409", async () => {
      const res = await patch(county.id, { version: 1, parentId: city.id });
      expect(res.statusCode).toBe(200);
      county = res.json();
      expect(county).toMatchObject({ parentId: city.id, version: 2, level: "county" });
      const stale = await patch(county.id, { version: 1, name: "示例区" });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe("CONFLICT");
      expect((await region(county.id)).name).toBe("示例县");
      const s = await patch(sibling.id, { version: 1, parentId: province.id, level: "city" });
      expect(s.statusCode).toBe(200);
      sibling = s.json();
      const audits = await auditOf(w.db, "region", county.id);
      expect(audits.map((a) => a.action)).toEqual(["region.update"]);
      expect(JSON.parse(audits[0]?.before ?? "null")).toMatchObject({ parentId: null, version: 1 });
      expect(JSON.parse(audits[0]?.after ?? "null")).toMatchObject({ parentId: city.id, version: 2 });
      expect((await patch("nope", { version: 1, name: "x" })).statusCode).toBe(404);
    });

    it("refuses a cycle: a region cannot become its own ancestor", async () => {
      const down = await patch(province.id, { version: 1, parentId: county.id });
      expect(down.statusCode).toBe(409);
      expect(down.json().error.message).toContain("cannot become its own ancestor");
      expect(down.json().error.messageZh).toContain("循环");
      expect(down.json().error.details.target).toBe("parentId");
      const self = await patch(city.id, { version: 1, parentId: city.id });
      expect(self.statusCode).toBe(409);
      expect(self.json().error.messageZh).toContain("不能以自己为上级");
      expect((await region(province.id)).parentId).toBeNull();
      expect(await auditOf(w.db, "region", province.id)).toHaveLength(1);
    });

    it("moves racing to close a loop: of each pair one goes through, the other is refused", async () => {
      // Many pairs at once, so transactions overlap: without serializing tree changes, both moves of a pair
      // pass their check against the old tree and together make a loop.
      const pairs = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const x: Region = (await create({ name: `甲区${i}`, level: "district" })).json();
          const y: Region = (await create({ name: `乙区${i}`, level: "district" })).json();
          return [x, y] as const;
        }),
      );
      const results = await Promise.all(
        pairs.map(([x, y]) =>
          Promise.all([
            patch(x.id, { version: 1, parentId: y.id }),
            patch(y.id, { version: 1, parentId: x.id }),
          ]),
        ),
      );
      for (const [a, b] of results) expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    });

    it("reads one region and the children of a parent", async () => {
      const children = await as(w.app, viewer)("GET", `/regions?parentId=${province.id}`);
      expect(children.statusCode).toBe(200);
      expect(children.json().items.map((x: Region) => x.name)).toEqual(["样例市", "示例市"].sort());
      expect((await as(w.app, viewer)("GET", `/regions/${city.id}`)).json()).toMatchObject({
        name: "示例市",
        parentId: province.id,
      });
      expect((await as(w.app, viewer)("GET", "/regions/nope")).statusCode).toBe(404);
    });

    it("ingestion finds a region an admin filed, by name", async () => {
      expect(await findOrCreateRegion(w.db.kysely, "示例县", new Date().toISOString())).toBe(county.id);
    });
  });

  describe("hierarchical scope", () => {
    let supProvince: TestUser;
    let supCity: TestUser;
    let supSibling: TestUser;
    let supCounty: TestUser;
    let viewerCity: TestUser;
    let depUserA: TestUser;
    let depUserCity: TestUser;
    let assignmentA: { id: string; version: number };
    let assignmentB: { id: string };

    const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((x) => x.id);
    const regionsOf = (res: { json(): { items: { regionId: string | null }[] } }) =>
      new Set(res.json().items.map((x) => x.regionId));

    beforeAll(async () => {
      supProvince = await addUser(w.db, "supervisor", { regionId: province.id });
      supCity = await addUser(w.db, "supervisor", { regionId: city.id });
      supSibling = await addUser(w.db, "supervisor", { regionId: sibling.id });
      supCounty = await addUser(w.db, "supervisor", { regionId: county.id });
      viewerCity = await addUser(w.db, "viewer", { regionId: city.id });
      const dept = async (regionId: string, name: string) => {
        const res = await as(w.app, admin)("POST", "/departments", { regionId, name });
        expect(res.statusCode).toBe(201);
        return res.json().id as string;
      };
      const depA = await dept(county.id, "县发改局");
      const depB = await dept(county.id, "县财政局");
      const depCity = await dept(city.id, "市发改委");
      depUserA = await addUser(w.db, "department", { regionId: county.id, departmentId: depA });
      depUserCity = await addUser(w.db, "department", { regionId: city.id, departmentId: depCity });
      const assign = async (taskId: string, leadDepartmentId: string) => {
        const res = await as(w.app, admin)("POST", `/tasks/${taskId}/assignment`, { leadDepartmentId });
        expect(res.statusCode).toBe(201);
        return res.json();
      };
      assignmentA = await assign(w.taskIds[0] as string, depA);
      assignmentB = await assign(w.taskIds[1] as string, depB);
    });

    it("a city's supervisor sees the reports, facts and tasks of a county below it, not a sibling city's", async () => {
      for (const [user, want] of [
        [supProvince, [w.reportId, siblingReportId]],
        [supCity, [w.reportId]],
        [supCounty, [w.reportId]],
        [supSibling, [siblingReportId]],
        [viewerCity, [w.reportId]],
        [depUserCity, [w.reportId]],
      ] as const) {
        const reports = await as(w.app, user)("GET", "/reports?limit=500");
        expect(reports.statusCode).toBe(200);
        expect(ids(reports).sort()).toEqual([...want].sort());
      }
      const facts = await as(w.app, supCity)("GET", "/facts?limit=500");
      expect(facts.json().items.length).toBeGreaterThan(0);
      expect(regionsOf(facts)).toEqual(new Set([county.id]));
      const tasks = await as(w.app, supCity)("GET", "/tasks?limit=500");
      expect(tasks.json().items.length).toBeGreaterThan(0);
      expect(regionsOf(tasks)).toEqual(new Set([county.id]));
      const provinceFacts = await as(w.app, supProvince)("GET", "/facts?limit=500");
      expect(regionsOf(provinceFacts)).toEqual(new Set([county.id, sibling.id]));
      const siblingFacts = await as(w.app, supSibling)("GET", "/facts?limit=500");
      expect(regionsOf(siblingFacts)).toEqual(new Set([sibling.id]));
      // Searching goes through the same scope.
      const search = await as(w.app, supCity)("GET", `/facts?q=${encodeURIComponent("生产总值")}&limit=500`);
      expect(search.statusCode).toBe(200);
      expect([...regionsOf(search)].every((r) => r === county.id)).toBe(true);

      const factId = facts.json().items[0].id as string;
      expect((await as(w.app, supCity)("GET", `/facts/${factId}`)).statusCode).toBe(200);
      expect((await as(w.app, supSibling)("GET", `/facts/${factId}`)).statusCode).toBe(404);
      expect((await as(w.app, supCity)("GET", `/reports/${w.reportId}`)).statusCode).toBe(200);
      expect((await as(w.app, supSibling)("GET", `/reports/${w.reportId}`)).statusCode).toBe(404);
      expect((await as(w.app, supCity)("GET", `/tasks/${w.taskIds[2]}`)).statusCode).toBe(200);
      expect((await as(w.app, supSibling)("GET", `/tasks/${w.taskIds[2]}`)).statusCode).toBe(404);
    });

    it("filtering by a region includes the regions below it", async () => {
      for (const path of ["/facts", "/tasks", "/reports"]) {
        const byProvince = await as(w.app, supProvince)("GET", `${path}?regionId=${province.id}&limit=500`);
        const byCity = await as(w.app, supProvince)("GET", `${path}?regionId=${city.id}&limit=500`);
        const byCounty = await as(w.app, supProvince)("GET", `${path}?regionId=${county.id}&limit=500`);
        const bySibling = await as(w.app, supProvince)("GET", `${path}?regionId=${sibling.id}&limit=500`);
        expect(ids(byCity).length).toBeGreaterThan(0);
        expect(ids(byCity).sort()).toEqual(ids(byCounty).sort());
        expect(ids(bySibling).some((id) => ids(byCity).includes(id))).toBe(false);
        expect(ids(byProvince).length).toBe(ids(byCity).length + ids(bySibling).length);
      }
      const assignments = await as(w.app, supProvince)("GET", `/assignments?regionId=${city.id}&limit=500`);
      expect(ids(assignments).sort()).toEqual([assignmentA.id, assignmentB.id].sort());
    });

    it("a city's supervisor manages what lies below it: tasks, departments", async () => {
      const taskId = w.taskIds[2] as string;
      const task = (await as(w.app, supCity)("GET", `/tasks/${taskId}`)).json();
      const ok = await as(w.app, supCity)("PATCH", `/tasks/${taskId}`, {
        version: task.version,
        group: "市督办",
      });
      expect(ok.statusCode).toBe(200);
      const refused = await as(w.app, supSibling)("PATCH", `/tasks/${taskId}`, {
        version: task.version + 1,
        group: "越权",
      });
      expect([403, 404]).toContain(refused.statusCode);
      const dep = await as(w.app, supCity)("POST", "/departments", { regionId: county.id, name: "县水利局" });
      expect(dep.statusCode).toBe(201);
      const far = await as(w.app, supCity)("POST", "/departments", {
        regionId: w.otherRegionId,
        name: "县水利局",
      });
      expect(far.statusCode).toBe(403);
      // The county's supervisor does not reach up to the city.
      const up = await as(w.app, supCounty)("POST", "/departments", { regionId: city.id, name: "市水利局" });
      expect(up.statusCode).toBe(403);
    });

    it("assignments of a county are the city's and province's, not the sibling city's", async () => {
      const byCity = await as(w.app, supCity)("GET", "/assignments?limit=100");
      expect(ids(byCity).sort()).toEqual([assignmentA.id, assignmentB.id].sort());
      expect(ids(await as(w.app, supProvince)("GET", "/assignments?limit=100")).sort()).toEqual(
        [assignmentA.id, assignmentB.id].sort(),
      );
      expect(ids(await as(w.app, supSibling)("GET", "/assignments?limit=100"))).toEqual([]);
      expect((await as(w.app, supSibling)("GET", `/assignments/${assignmentA.id}`)).statusCode).toBe(404);
      expect((await as(w.app, supCity)("GET", `/assignments/${assignmentA.id}`)).statusCode).toBe(200);
      const upd = await as(w.app, supCity)("PATCH", `/assignments/${assignmentA.id}`, {
        version: assignmentA.version,
        note: "市里跟踪",
      });
      expect(upd.statusCode).toBe(200);
    });

    it("department users still see only their department's assignments, whatever their region covers", async () => {
      expect(ids(await as(w.app, depUserA)("GET", "/assignments?limit=100"))).toEqual([assignmentA.id]);
      expect((await as(w.app, depUserA)("GET", `/assignments/${assignmentB.id}`)).statusCode).toBe(404);
      // A city department's user reads the county's report but leads none of its assignments.
      expect(ids(await as(w.app, depUserCity)("GET", "/assignments?limit=100"))).toEqual([]);
      expect((await as(w.app, depUserCity)("GET", `/assignments/${assignmentA.id}`)).statusCode).toBe(404);
    });

    it("the audit log and the user list follow the same scope", async () => {
      const entries = async (user: TestUser, type: string) =>
        (await as(w.app, user)("GET", `/audit?entityType=${type}&limit=500`)).json().items as {
          entityId: string;
        }[];
      expect((await entries(supCity, "assignment")).map((e) => e.entityId)).toContain(assignmentA.id);
      expect(await entries(supSibling, "assignment")).toEqual([]);
      expect((await entries(supCity, "region")).map((e) => e.entityId)).toContain(county.id);
      expect((await entries(supCity, "region")).map((e) => e.entityId)).not.toContain(sibling.id);
      const users = ids(await as(w.app, supCity)("GET", "/users?limit=500"));
      expect(users).toEqual(expect.arrayContaining([supCity.id, supCounty.id, depUserA.id]));
      expect(users).not.toContain(supSibling.id);
      expect(users).not.toContain(supProvince.id);
      expect((await as(w.app, supCity)("GET", `/users/${supCounty.id}`)).statusCode).toBe(200);
      expect((await as(w.app, supCounty)("GET", `/users/${supCity.id}`)).statusCode).toBe(403);
    });

    it("moving a region moves its scope at once (resolved per request)", async () => {
      const current = await region(county.id);
      const moved = await patch(county.id, { version: current.version, parentId: sibling.id });
      expect(moved.statusCode).toBe(200);
      expect(ids(await as(w.app, supCity)("GET", "/reports?limit=500"))).toEqual([]);
      expect(ids(await as(w.app, supSibling)("GET", "/reports?limit=500")).sort()).toEqual(
        [w.reportId, siblingReportId].sort(),
      );
      expect(ids(await as(w.app, supSibling)("GET", "/assignments?limit=100")).sort()).toEqual(
        [assignmentA.id, assignmentB.id].sort(),
      );
      const back = await patch(county.id, { version: current.version + 1, parentId: city.id });
      expect(back.statusCode).toBe(200);
      expect(ids(await as(w.app, supCity)("GET", "/reports?limit=500"))).toEqual([w.reportId]);
    });
  });
});
