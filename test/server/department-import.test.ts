import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** An xlsx file: a title line first when `title` is given (the header is then on row 2), then rows. */
async function xlsx(header: string[], rows: (string | number | null)[][], title?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("部门");
  if (title) ws.addRow([title]);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(DIALECTS)("department import from xlsx on %s", (dialect) => {
  let w: World;
  let admin: TestUser;

  async function importFile(
    bytes: Buffer,
    query: Record<string, string>,
    user: TestUser = admin,
    name = "部门名单.xlsx",
  ) {
    const body = multipart({}, [
      {
        field: "file",
        name,
        mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
      },
    ]);
    return w.app.inject({
      method: "POST",
      url: `/api/v1/departments/import?${new URLSearchParams(query)}`,
      headers: { ...body.headers, authorization: `Bearer ${user.token}` },
      payload: body.payload,
    });
  }

  async function departments(regionId: string) {
    return w.db.kysely
      .selectFrom("departments")
      .select(["id", "name", "short_name", "version"])
      .where("region_id", "=", regionId)
      .orderBy("name")
      .execute();
  }

  beforeAll(async () => {
    w = await setupWorld(dialect);
    admin = await addUser(w.db, "admin");
    const made = await as(w.app, admin)("POST", "/departments", {
      regionId: w.regionId,
      name: "县财政局",
      shortName: "财政",
    });
    expect(made.statusCode).toBe(201);
    const kept = await as(w.app, admin)("POST", "/departments", {
      regionId: w.regionId,
      name: "县教育局",
      shortName: "教育局",
    });
    expect(kept.statusCode).toBe(201);
  });
  afterAll(async () => {
    await w?.close();
  });

  const GOOD: (string | null)[][] = [
    ["县发展和改革局", "发改局", null],
    ["县财政局", "财政局", ""],
    ["县教育局", "教育局", null],
    ["县文化和旅游局", null, "别的县"],
  ];

  it("previews what a dry run would create, update and leave, writing nothing", async () => {
    const before = await departments(w.regionId);
    const file = await xlsx(["部门名称", "简称", "地区"], GOOD, "示例县政府部门名单");
    const res = await importFile(file, { regionId: w.regionId, dryRun: "true" });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      dryRun: true,
      applied: false,
      errors: [],
      counts: { create: 2, update: 1, unchanged: 1 },
    });
    expect(body.rows).toEqual([
      expect.objectContaining({
        row: 3,
        action: "create",
        name: "县发展和改革局",
        shortName: "发改局",
        regionId: w.regionId,
      }),
      expect.objectContaining({
        row: 4,
        action: "update",
        name: "县财政局",
        shortName: "财政局",
        previousShortName: "财政",
      }),
      expect.objectContaining({ row: 5, action: "unchanged", name: "县教育局" }),
      expect.objectContaining({ row: 6, action: "create", regionId: w.otherRegionId, regionName: "别的县" }),
    ]);
    expect(await departments(w.regionId)).toEqual(before);
    expect(await departments(w.otherRegionId)).toEqual([]);
  });

  it("reports every row-level error by row and column, and applies nothing when any row is bad", async () => {
    const file = await xlsx(
      ["部门名称", "简称", "地区"],
      [
        ["县商务局", "商务局", null], // row 2: fine on its own
        ["", "空名", null], // row 3
        ["县林业局", null, "不存在县"], // row 4
        ["县商务局", null, null], // row 5: repeats row 2
        ["县水利局", "水".repeat(51), null], // row 6
      ],
    );
    const preview = await importFile(file, { regionId: w.regionId, dryRun: "true" });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, "部门名称"],
      [4, "地区"],
      [5, "部门名称"],
      [6, "简称"],
    ]);
    expect(preview.json().errors[1].messageZh).toBe("第 4 行“地区”：未找到地区“不存在县”");
    expect(preview.json().errors[2].messageZh).toContain("与第 2 行重复");

    const apply = await importFile(file, { regionId: w.regionId });
    expect(apply.statusCode).toBe(400);
    expect(apply.json().error.code).toBe("INVALID_ARGUMENT");
    expect(apply.json().error.messageZh).toContain("未导入任何部门");
    expect(apply.json().error.messageZh).toContain("第 3 行“部门名称”");
    expect(apply.json().error.details.errors).toHaveLength(4);
    expect((await departments(w.regionId)).map((d) => d.name)).not.toContain("县商务局");
  });

  it("applies a good file in one go, with audit entries, and a second import of it changes nothing", async () => {
    const file = await xlsx(["部门名称", "简称", "地区"], GOOD, "示例县政府部门名单");
    const res = await importFile(file, { regionId: w.regionId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ applied: true, counts: { create: 2, update: 1, unchanged: 1 } });
    const created = res.json().rows.find((r: { name: string }) => r.name === "县发展和改革局");
    expect(created.departmentId).toEqual(expect.any(String));
    const after = await departments(w.regionId);
    expect(after.map((d) => [d.name, d.short_name])).toEqual(
      expect.arrayContaining([
        ["县发展和改革局", "发改局"],
        ["县财政局", "财政局"],
        ["县教育局", "教育局"],
      ]),
    );
    expect((await departments(w.otherRegionId)).map((d) => d.name)).toEqual(["县文化和旅游局"]);
    expect(await auditOf(w.db, "department", created.departmentId)).toHaveLength(1);
    expect(await auditOf(w.db, "department_import")).toHaveLength(1);

    const again = await importFile(file, { regionId: w.regionId });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ applied: true, counts: { create: 0, update: 0, unchanged: 4 } });
    expect(await departments(w.regionId)).toEqual(after);
    expect(await auditOf(w.db, "department_import")).toHaveLength(1);
  });

  it("refuses a file that is not xlsx, one without the header, an empty one and a missing file", async () => {
    const text = await importFile(
      Buffer.from("部门名称,简称\n县统计局,统计局\n"),
      { regionId: w.regionId },
      admin,
      "部门.csv",
    );
    expect(text.statusCode).toBe(415);
    expect(text.json().error.messageZh).toBe("部门.csv：不是 xlsx 文件（请另存为 Excel 工作簿 .xlsx）");

    const zipNotXlsx = await importFile(Buffer.from("PK\u0003\u0004garbage"), { regionId: w.regionId });
    expect(zipNotXlsx.statusCode).toBe(415);

    const noHeader = await importFile(await xlsx(["名称", "简称"], [["县统计局", "统计局"]]), {
      regionId: w.regionId,
    });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.messageZh).toContain("找不到包含 部门名称 的表头行");

    const empty = await importFile(await xlsx(["部门名称", "简称"], []), { regionId: w.regionId });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.messageZh).toContain("表头下没有部门数据");

    const noRegion = await importFile(await xlsx(["部门名称"], [["县统计局"]]), { dryRun: "true" });
    expect(noRegion.statusCode).toBe(200);
    expect(noRegion.json().errors).toEqual([expect.objectContaining({ row: 2, column: "地区" })]);

    const json = await as(w.app, admin)("POST", "/departments/import", {});
    expect(json.statusCode).toBe(400);

    const big = await importFile(Buffer.alloc(2 * 1024 * 1024 + 10, 1), { regionId: w.regionId });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("keeps supervisors to their region and refuses other roles", async () => {
    const supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    const file = await xlsx(["部门名称", "地区"], [["县审计局", "别的县"]]);
    const outside = await importFile(file, { dryRun: "true" }, supervisor);
    expect(outside.json().errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: "地区",
        messageZh: "第 2 行“地区”：“别的县”不在您的管辖范围内",
      }),
    ]);
    const otherDefault = await importFile(file, { regionId: w.otherRegionId, dryRun: "true" }, supervisor);
    expect(otherDefault.statusCode).toBe(403);
    const viewer = await addUser(w.db, "viewer");
    expect((await importFile(file, { dryRun: "true" }, viewer)).statusCode).toBe(403);
  });
});
