import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEPT_NAMES,
  HAND,
  type ScoringWorld,
  SOFFICE,
  setupScoringWorld,
  sofficeConvert,
} from "../server/scoring.support.js";
import { as } from "../server/supervision.support.js";
import { DIALECTS } from "../support/db.js";

if (!SOFFICE)
  console.warn(
    "SKIPPED: LibreOffice (soffice) is not installed; the .docx/.xlsx conversion checks are skipped. Install libreoffice-writer-nogui and libreoffice-calc-nogui.",
  );
const withSoffice = SOFFICE ? it : it.skip;

describe.each(DIALECTS)("通报 and 台账 documents on %s", (dialect) => {
  let w: ScoringWorld;
  const bulletinUrl = () => `/documents/bulletin?regionId=${w.regionId}&period=${HAND.period}`;
  const docxUrl = () => `/documents/bulletin.docx?regionId=${w.regionId}&period=${HAND.period}`;
  let docx: Buffer;
  let xlsx: Buffer;

  beforeAll(async () => {
    w = await setupScoringWorld(dialect);
    const d = await as(w.app, w.supervisor)("GET", docxUrl());
    expect(d.statusCode, d.body).toBe(200);
    docx = d.rawPayload;
    const x = await as(w.app, w.supervisor)("GET", `/documents/ledger.xlsx?regionId=${w.regionId}`);
    expect(x.statusCode, x.body).toBe(200);
    xlsx = x.rawPayload;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("models the 通报 with the hand-computed figures: summary, table by department, overdue list, highlights", async () => {
    const res = await as(w.app, w.viewer)("GET", bulletinUrl());
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json();
    expect(m.title).toBe("示例县2026年第一季度重点任务督办情况通报");
    expect(m.asOf).toBe("2026-03-31");
    expect(m.summary).toEqual(HAND.summary);
    expect(m.lead).toContain("共交办重点任务5项，已办结2项，办结率40%");
    expect(
      m.departments.map((d: { name: string; score: number; rank: number }) => [d.name, d.score, d.rank]),
    ).toEqual(HAND.scores.map((s) => [s.name, s.score, s.rank]));
    expect(m.departments.find((d: { name: string }) => d.name === DEPT_NAMES.A)).toMatchObject({
      assigned: 3,
      closed: 1,
      overdue: 1,
    });
    expect(m.overdue).toEqual([
      {
        assignmentId: w.ids.a2,
        taskText: w.taskText.a2,
        leadDepartment: DEPT_NAMES.A,
        deadline: "2026-02-27",
        daysOverdue: HAND.overdueDays,
      },
    ]);
    expect(m.highlights.closedEarly).toEqual([
      { taskText: w.taskText.a1, leadDepartment: DEPT_NAMES.A, daysEarly: 29, closedOn: "2026-03-02" },
    ]);
    expect(m.highlights.bestRanked.map((b: { name: string }) => b.name)).toEqual(
      HAND.scores.map((s) => s.name),
    );
  });

  it("serves the .docx as an A4 Word file with 公文 fonts and the model's text", async () => {
    const res = await as(w.app, w.supervisor)("GET", docxUrl());
    expect(res.headers["content-type"]).toContain("wordprocessingml");
    expect(res.headers["content-disposition"]).toContain(
      encodeURIComponent("示例县2026年第一季度重点任务督办情况通报.docx"),
    );
    const zip = await JSZip.loadAsync(docx);
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    expect(xml).toContain('w:w="11906"');
    expect(xml).toContain('w:h="16838"');
    for (const font of ["方正小标宋简体", "黑体", "仿宋_GB2312"])
      expect(xml).toContain(`w:eastAsia="${font}"`);
    const text = xml.replace(/<[^>]+>/g, "");
    expect(text).toContain("示例县2026年第一季度重点任务督办情况通报");
    expect(text).toContain(DEPT_NAMES.B);
    expect(text).toContain("99.2");
  });

  withSoffice(
    "reads back through LibreOffice: the .docx as text",
    async () => {
      const text = await sofficeConvert(docx, "docx", "txt:Text (encoded):UTF8");
      expect(text).toContain("示例县2026年第一季度重点任务督办情况通报");
      expect(text).toContain("（截至2026年3月31日）");
      expect(text).toContain("共交办重点任务5项，已办结2项，办结率40%");
      expect(text).toContain("一、总体情况");
      expect(text).toContain("三、逾期未办结任务");
      // The overdue task, its department and the days overdue.
      expect(text).toContain(w.taskText.a2.slice(0, 20));
      expect(text).toMatch(new RegExp(`${DEPT_NAMES.A}[\\s\\S]*2026年2月27日[\\s\\S]*${HAND.overdueDays}`));
      expect(text).toMatch(/县教育局\s+1\s+0\s+0\s+100/);
      expect(text).toContain("提前29天办结");
    },
    120_000,
  );

  it("builds the 台账: all tasks with status and colour on sheet 1, the history on sheet 2, frozen headers", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const [tasks, history] = wb.worksheets;
    expect(tasks?.name).toBe("重点任务台账");
    expect(history?.name).toBe("状态变更记录");
    expect(tasks?.getRow(1).values).toEqual([
      undefined,
      "序号",
      "重点任务",
      "牵头单位",
      "责任单位",
      "完成时限",
      "状态",
      "颜色",
      "进度",
      "最新进展",
      "办结时间",
    ]);
    expect(tasks?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(tasks?.getColumn(2).width).toBeGreaterThanOrEqual(40);
    expect(tasks?.rowCount).toBe(6);
    const rows = new Map<string, ExcelJS.Row>();
    tasks?.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(2).value), row);
    });
    const a1 = rows.get(w.taskText.a1);
    expect(a1?.getCell(3).value).toBe(DEPT_NAMES.A);
    expect(a1?.getCell(4).value).toBe(DEPT_NAMES.B);
    expect(a1?.getCell(5).value).toBe("2026年3月底");
    expect(a1?.getCell(6).value).toBe("已办结销号");
    expect(a1?.getCell(10).value).toBe("2026年3月2日");
    const a2 = rows.get(w.taskText.a2);
    expect(a2?.getCell(5).value).toBe("2026年2月27日");
    if (!a2) throw new Error("a2 is not in the 台账");
    expect(a2.getCell(7).value).toBe("红（逾期）");
    expect((a2.getCell(7).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFCCC7");
    const c1 = rows.get(w.taskText.c1);
    expect(c1?.getCell(8).value).toBe(30);
    expect(c1?.getCell(9).value).toBe("进展3：完成30%");
    // a3's reports were both returned: no 进度 to show.
    expect(rows.get(w.taskText.a3)?.getCell(8).value).toBeNull();

    expect(history?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const events: string[] = [];
    history?.eachRow((row, n) => {
      if (n > 1) events.push(`${row.getCell(2).value}|${row.getCell(4).value}|${row.getCell(8).value}`);
    });
    expect(events).toContain(`${w.taskText.a1}|办结销号|材料齐全，同意销号`);
    expect(events).toContain(`${w.taskText.b1}|批准延期|延期至2026年3月16日；同意`);
    expect(events.some((e) => e.startsWith(`${w.taskText.a1}|交办|`))).toBe(true);
  });

  withSoffice(
    "reads back through LibreOffice: the .xlsx as CSV",
    async () => {
      const csv = await sofficeConvert(xlsx, "xlsx", "csv:Text - txt - csv (StarCalc):44,34,76");
      const lines = csv.trim().split(/\r?\n/);
      expect(lines[0]).toBe("序号,重点任务,牵头单位,责任单位,完成时限,状态,颜色,进度,最新进展,办结时间");
      expect(lines).toHaveLength(6);
      expect(csv).toContain(`${DEPT_NAMES.A},${DEPT_NAMES.B},2026年3月底,已办结销号`);
      expect(csv).toContain(",2026年2月27日,办理中,红（逾期）,");
      // 进度 is a number shown as a percentage.
      expect(csv).toContain(",2026年12月底,办理中,绿（正常推进）,30%,进展3：完成30%,");
    },
    120_000,
  );

  it("gives a department user only the rows of their department; refuses them the 通报", async () => {
    const res = await as(w.app, w.userB)("GET", "/documents/ledger.xlsx");
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.worksheets[0]?.eachRow((row, n) => {
      if (n > 1) texts.push(String(row.getCell(2).value));
    });
    // B leads b1 and co-operates on a1.
    expect(texts.sort()).toEqual([w.taskText.a1, w.taskText.b1].sort());
    const history: string[] = [];
    wb.worksheets[1]?.eachRow((row, n) => {
      if (n > 1) history.push(String(row.getCell(2).value));
    });
    expect(new Set(history)).toEqual(new Set([w.taskText.a1, w.taskText.b1]));

    expect((await as(w.app, w.userB)("GET", bulletinUrl())).statusCode).toBe(403);
    expect((await as(w.app, w.userB)("GET", docxUrl())).statusCode).toBe(403);
    expect((await as(w.app, w.otherSupervisor)("GET", docxUrl())).statusCode).toBe(403);
    expect(
      (await as(w.app, w.otherSupervisor)("GET", `/documents/ledger.xlsx?regionId=${w.regionId}`)).statusCode,
    ).toBe(403);
    // Another region's supervisor without a region filter: their own (empty) region.
    const theirs = await as(w.app, w.otherSupervisor)("GET", "/documents/ledger.xlsx");
    expect(theirs.headers["x-row-count"]).toBe("0");
  });
});
