import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Decomposition, ImportResult } from "../../src/contract/api/decomposition.js";
import { DIALECTS } from "../support/db.js";
import {
  addUser,
  as,
  auditOf,
  multipart,
  setupWorld,
  type TestUser,
  type World,
} from "./supervision.support.js";

interface Dept {
  id: string;
  name: string;
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HEADERS = ["序号", "重点任务", "牵头单位", "责任单位", "完成时限", "进度", "任务编号"];

async function open(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error("no sheet");
  return ws;
}

function text(ws: ExcelJS.Worksheet, row: number, col: number): string {
  const v = ws.getCell(row, col).value;
  return v === null || v === undefined ? "" : String(v);
}

/** Row number of the task in the sheet (by the hidden 任务编号 column). */
function rowOf(ws: ExcelJS.Worksheet, taskId: string): number {
  for (let r = 3; r <= ws.rowCount; r++) if (text(ws, r, 7) === taskId) return r;
  throw new Error(`task ${taskId} not in sheet`);
}

async function bytesOf(ws: ExcelJS.Worksheet): Promise<Buffer> {
  return Buffer.from(await ws.workbook.xlsx.writeBuffer());
}

describe.each(DIALECTS)("分解表 export and import on %s", (dialect) => {
  let w: World;
  let admin: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let viewer: TestUser;
  let deptUser: TestUser;
  let A: Dept;
  let B: Dept;
  let C: Dept;
  let tasks: string[];
  let exported: Buffer;

  const get = (user: TestUser, url: string) => as(w.app, user)("GET", url);
  const importFile = async (user: TestUser, bytes: Buffer, query = "", name = "分解表（修改）.xlsx") => {
    const m = multipart({}, [{ field: "file", name, mime: XLSX, bytes }]);
    return w.app.inject({
      method: "POST",
      url: `/api/v1/reports/${encodeURIComponent(w.reportId)}/decomposition/import${query}`,
      headers: { authorization: `Bearer ${user.token}`, ...m.headers },
      payload: m.payload,
    });
  };
  const decomposition = async () =>
    (await get(admin, `/reports/${w.reportId}/decomposition`)).json() as Decomposition;
  const importAudits = async () =>
    (await auditOf(w.db, "report", w.reportId)).filter((a) => a.action === "decomposition.import");
  const assignmentCount = async () =>
    Number(
      (
        await w.db.kysely
          .selectFrom("assignments")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    w = await setupWorld(dialect);
    admin = await addUser(w.db, "admin");
    supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    otherSupervisor = await addUser(w.db, "supervisor", { regionId: w.otherRegionId });
    viewer = await addUser(w.db, "viewer");
    const mk = async (name: string, shortName?: string) => {
      const res = await as(w.app, admin)("POST", "/departments", { regionId: w.regionId, name, shortName });
      expect(res.statusCode).toBe(201);
      return res.json() as Dept;
    };
    A = await mk("县发展和改革局", "县发改局");
    B = await mk("县财政局");
    C = await mk("县住房和城乡建设局", "县住建局");
    deptUser = await addUser(w.db, "department", { departmentId: A.id });
    tasks = w.taskIds;
    const one = await as(w.app, supervisor)("POST", `/tasks/${tasks[5]}/assignment`, {
      leadDepartmentId: A.id,
      coDepartmentIds: [B.id, C.id],
      deadline: "2025-06-30",
      milestones: [{ title: "完成方案", dueDate: "2025-03-31" }],
    });
    expect(one.statusCode).toBe(201);
    const bulk = await as(w.app, supervisor)("POST", "/assignments/bulk", {
      taskIds: [tasks[6], tasks[7]],
      leadDepartmentId: C.id,
      deadline: "2025-12-31",
    });
    expect(bulk.statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await w.close();
  });

  it("lists every task of the report with its assignment, departments, deadline and milestones", async () => {
    const d = await decomposition();
    expect(d.sheetTitle).toBe("示例县2025年政府工作报告重点任务分解表");
    expect(d.rows.map((r) => r.taskId)).toEqual(tasks);
    expect(d.rows.map((r) => r.seq)).toEqual(tasks.map((_, i) => i + 1));
    const assigned = d.rows[5];
    expect(assigned?.assignment).toMatchObject({
      leadDepartment: { id: A.id, name: "县发展和改革局" },
      deadline: "2025-06-30",
      status: "assigned",
      milestones: [{ title: "完成方案", dueDate: "2025-03-31" }],
    });
    expect(assigned?.assignment?.coDepartments.map((x) => x.id).sort()).toEqual([B.id, C.id].sort());
    expect(d.rows.filter((r) => r.assignment !== null)).toHaveLength(3);
    expect((await get(viewer, `/reports/${w.reportId}/decomposition`)).statusCode).toBe(200);
    expect((await get(deptUser, `/reports/${w.reportId}/decomposition`)).statusCode).toBe(403);
    expect((await get(otherSupervisor, `/reports/${w.reportId}/decomposition`)).statusCode).toBe(404);
    expect((await get(admin, "/reports/nope/decomposition")).statusCode).toBe(404);
  });

  it("exports the 分解表 as xlsx: title row, the offices' columns, groups, a hidden task-id column", async () => {
    const res = await get(supervisor, `/reports/${w.reportId}/decomposition/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe(XLSX);
    expect(String(res.headers["content-disposition"])).toContain(
      encodeURIComponent("示例县2025年政府工作报告重点任务分解表.xlsx"),
    );
    exported = res.rawPayload;
    const ws = await open(exported);
    expect(text(ws, 1, 1)).toBe("示例县2025年政府工作报告重点任务分解表");
    expect(ws.getCell(1, 1).isMerged).toBe(true);
    expect(HEADERS.map((_, i) => text(ws, 2, i + 1))).toEqual(HEADERS);
    expect(ws.getColumn(7).hidden).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });

    const ids: string[] = [];
    const groups: string[] = [];
    for (let r = 3; r <= ws.rowCount; r++) {
      const id = text(ws, r, 7);
      if (id) {
        ids.push(id);
        expect(Number(ws.getCell(r, 1).value)).toBe(ids.length);
      } else groups.push(text(ws, r, 2));
    }
    expect(ids).toEqual(tasks);
    expect(groups).toContain("做强实体经济,加快产业转型升级");

    const a = rowOf(ws, tasks[5] as string);
    expect(text(ws, a, 3)).toBe("县发展和改革局");
    expect(text(ws, a, 4).split("、").sort()).toEqual(["县住房和城乡建设局", "县财政局"].sort());
    expect(text(ws, a, 5)).toBe("2025年6月底");
    expect(text(ws, a, 6)).toBe("已交办");
    const unassigned = rowOf(ws, tasks[9] as string);
    expect(text(ws, unassigned, 3)).toBe("");
    expect(text(ws, unassigned, 6)).toBe("未交办");
    // The task's own deadline is offered for tasks not yet assigned (task 9: 6月底前…).
    expect(text(ws, unassigned, 5)).toBe("2025年6月底");

    expect((await get(deptUser, `/reports/${w.reportId}/decomposition/export`)).statusCode).toBe(403);
  });

  it("re-importing the exported file changes nothing", async () => {
    const res = await importFile(supervisor, exported, "?dryRun=false");
    expect(res.statusCode).toBe(200);
    const r = res.json() as ImportResult;
    expect(r).toMatchObject({ applied: true, changes: [], errors: [], rows: tasks.length });
    expect(r.unchanged).toBe(tasks.length);
    expect(await importAudits()).toHaveLength(0);
  });

  let edited: Buffer;
  let broken: Buffer;
  let errorRows: Record<string, number>;

  it("previews an edited copy: new assignments, changed departments and deadlines, row errors", async () => {
    const ws = await open(exported);
    const set = (taskId: string, col: number, value: string) => {
      ws.getCell(rowOf(ws, taskId), col).value = value;
    };
    set(tasks[0] as string, 3, "县财政局"); // new, deadline from the cell below
    set(tasks[0] as string, 5, "2026-06-30");
    set(tasks[1] as string, 3, "县发改局"); // short name
    set(tasks[1] as string, 4, "县财政局，县住建局");
    set(tasks[1] as string, 5, "2026年6月");
    set(tasks[5] as string, 4, "县财政局"); // co-departments B, C → B
    set(tasks[6] as string, 5, "6月底"); // the plan year: 2025
    set(tasks[7] as string, 3, "县财政局"); // lead C → B; C listed as co stays co
    set(tasks[7] as string, 4, "县财政局、县住建局");
    edited = await bytesOf(ws);

    set(tasks[2] as string, 3, "县不存在局");
    set(tasks[3] as string, 3, "县财政局");
    set(tasks[3] as string, 5, "尽快完成");
    const last = ws.rowCount + 1;
    ws.getRow(last).values = [99, "凭空多出来的任务", "县财政局", "", "", "", "no-such-task"];
    broken = await bytesOf(ws);
    errorRows = {
      dept: rowOf(ws, tasks[2] as string),
      date: rowOf(ws, tasks[3] as string),
      task: last,
    };

    const before = await assignmentCount();
    const res = await importFile(supervisor, broken);
    expect(res.statusCode).toBe(200);
    const r = res.json() as ImportResult;
    expect(r.dryRun).toBe(true);
    expect(r.applied).toBe(false);
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: errorRows.dept,
        column: "牵头单位",
        value: "县不存在局",
        code: "unknown_department",
      }),
      expect.objectContaining({
        row: errorRows.date,
        column: "完成时限",
        value: "尽快完成",
        code: "bad_deadline",
      }),
      expect.objectContaining({
        row: errorRows.task,
        column: "任务编号",
        value: "no-such-task",
        code: "unknown_task",
      }),
    ]);
    expect(r.errors[0]?.messageZh).toBe(`第 ${errorRows.dept} 行“牵头单位”：没有名为“县不存在局”的部门`);
    const byTask = new Map(r.changes.map((c) => [c.taskId, c]));
    expect(r.changes).toHaveLength(5);
    expect(byTask.get(tasks[0] as string)).toMatchObject({
      kind: "create",
      fields: ["leadDepartment", "deadline"],
      after: { leadDepartment: { id: B.id }, coDepartments: [], deadline: "2026-06-30" },
    });
    expect(byTask.get(tasks[1] as string)).toMatchObject({
      kind: "create",
      after: { leadDepartment: { id: A.id }, deadline: "2026-06-30" },
    });
    expect(
      byTask
        .get(tasks[1] as string)
        ?.after.coDepartments.map((d) => d.id)
        .sort(),
    ).toEqual([B.id, C.id].sort());
    expect(byTask.get(tasks[5] as string)).toMatchObject({
      kind: "update",
      fields: ["coDepartments"],
      after: { coDepartments: [{ id: B.id }] },
    });
    expect(byTask.get(tasks[6] as string)).toMatchObject({
      kind: "update",
      fields: ["deadline"],
      before: { deadline: "2025-12-31" },
      after: { deadline: "2025-06-30" },
    });
    expect(byTask.get(tasks[7] as string)).toMatchObject({
      kind: "update",
      fields: ["leadDepartment", "coDepartments"],
      after: { leadDepartment: { id: B.id }, coDepartments: [{ id: C.id }] },
    });
    expect(await assignmentCount()).toBe(before);
  });

  it("applies nothing when any row has an error", async () => {
    const before = await assignmentCount();
    const res = await importFile(supervisor, broken, "?dryRun=false");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.errors).toHaveLength(3);
    expect(res.json().error.messageZh).toContain("未导入任何内容");
    expect(await assignmentCount()).toBe(before);
    expect(await importAudits()).toHaveLength(0);
  });

  it("applies a previewed file in one go with audit entries; a stale preview is refused", async () => {
    const preview = (await importFile(supervisor, edited)).json() as ImportResult;
    expect(preview.errors).toEqual([]);
    const stale = await importFile(supervisor, edited, `?dryRun=false&expect=${"0".repeat(32)}`);
    expect(stale.statusCode).toBe(409);

    const before = await assignmentCount();
    const res = await importFile(supervisor, edited, `?dryRun=false&expect=${preview.fingerprint}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ applied: true, dryRun: false });
    expect(await assignmentCount()).toBe(before + 2);

    const d = await decomposition();
    const row = (i: number) => d.rows.find((r) => r.taskId === tasks[i])?.assignment;
    expect(row(0)).toMatchObject({
      leadDepartment: { id: B.id },
      deadline: "2026-06-30",
      status: "assigned",
    });
    expect(row(5)?.coDepartments.map((x) => x.id)).toEqual([B.id]);
    expect(row(6)?.deadline).toBe("2025-06-30");
    expect(row(7)).toMatchObject({ leadDepartment: { id: B.id }, coDepartments: [{ id: C.id }] });

    // Imported assignments enter the 督办 cycle like any other: a 签收 due date and an "assign" event.
    const created = row(0)?.id as string;
    const record = await w.db.kysely
      .selectFrom("assignments")
      .select("ack_due_date")
      .where("id", "=", created)
      .executeTakeFirstOrThrow();
    expect(record.ack_due_date).not.toBeNull();
    const events = await w.db.kysely
      .selectFrom("assignment_events")
      .select("action")
      .where("assignment_id", "=", created)
      .execute();
    expect(events.map((e) => e.action)).toContain("assign");

    const imports = await importAudits();
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({ action: "decomposition.import", actor_id: supervisor.id });
    expect(JSON.parse(imports[0]?.after ?? "{}")).toMatchObject({ created: 2, updated: 3 });
    const updates = (await auditOf(w.db, "assignment")).filter(
      (a) => a.action === "assignment.update" && JSON.parse(a.after ?? "{}").source === "import",
    );
    expect(updates).toHaveLength(3);
  });

  it("is idempotent: the same file again, and a fresh export, change nothing", async () => {
    const again = (await importFile(supervisor, edited, "?dryRun=false")).json() as ImportResult;
    expect(again).toMatchObject({ applied: true, changes: [], errors: [] });
    const fresh = (await get(supervisor, `/reports/${w.reportId}/decomposition/export`)).rawPayload;
    const r = (await importFile(supervisor, fresh, "?dryRun=false")).json() as ImportResult;
    expect(r.changes).toEqual([]);
    expect(await importAudits()).toHaveLength(1);
  });

  it("matches rows by task text when the id column is gone, and names what it cannot match", async () => {
    const ws = await open((await get(supervisor, `/reports/${w.reportId}/decomposition/export`)).rawPayload);
    const row = rowOf(ws, tasks[4] as string);
    ws.spliceColumns(7, 1);
    ws.getCell(row, 3).value = "县住建局";
    const r = (await importFile(supervisor, await bytesOf(ws))).json() as ImportResult;
    expect(r.errors).toEqual([]);
    expect(r.changes.map((c) => c.taskId)).toEqual([tasks[4]]);
  });

  it("checks who imports, and refuses what is not an xlsx or too large", async () => {
    expect((await importFile(viewer, edited)).statusCode).toBe(403);
    expect((await importFile(deptUser, edited)).statusCode).toBe(403);
    expect((await importFile(otherSupervisor, edited)).statusCode).toBe(404);
    const notXlsx = await importFile(supervisor, Buffer.from("序号,重点任务\n1,x\n"), "", "分解表.csv");
    expect(notXlsx.statusCode).toBe(415);
    expect(notXlsx.json().error.messageZh).toContain("分解表.csv");
    const big = await importFile(supervisor, Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(big.statusCode).toBe(413);
    const json = await as(w.app, supervisor)("POST", `/reports/${w.reportId}/decomposition/import`, {});
    expect(json.statusCode).toBe(400);
  });
});
