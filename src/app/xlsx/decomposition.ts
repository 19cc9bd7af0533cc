import type ExcelJS from "exceljs";
import type { AssignmentStatus } from "../../contract/api/assignments.js";
import type { Decomposition, DecompositionRow, SheetColumn } from "../../contract/api/decomposition.js";
import { deadlineText } from "../../core/extract/deadline.js";
import { readTable } from "./read.js";
import { type ColumnSpec, newWorkbook, sheetFromColumns, workbookBuffer } from "./workbook.js";

/**
 * The 分解表 as offices keep it: a title row, then 序号 · 重点任务 · 牵头单位 · 责任单位 · 完成时限 · 进度, one row
 * per task under bold rows naming its part of the report, and a hidden trailing 任务编号 column so that an
 * edited copy can be matched back to the ledger.
 */

const STATUS_ZH: Record<string, string> = {
  assigned: "已交办",
  in_progress: "推进中",
  done: "已完成",
  closed: "已办结",
};

/** What the 进度 cell says: the status and the latest reported percent ("推进中 60%"), or 未交办. */
export function progressText(a: DecompositionRow["assignment"]): string {
  if (!a) return "未交办";
  const status = STATUS_ZH[a.status as AssignmentStatus] ?? a.status;
  return a.percent === null ? status : `${status} ${a.percent}%`;
}

type Item = { group: string } | { task: DecompositionRow };

const COLUMNS: ColumnSpec<Item>[] = [
  { header: "序号", width: 6, type: "number", value: (i) => ("task" in i ? i.task.seq : null) },
  { header: "重点任务", width: 64, wrap: true, value: (i) => ("task" in i ? i.task.text : i.group) },
  {
    header: "牵头单位",
    width: 22,
    wrap: true,
    value: (i) => ("task" in i ? i.task.assignment?.leadDepartment.name : null),
  },
  {
    header: "责任单位",
    width: 30,
    wrap: true,
    value: (i) => ("task" in i ? i.task.assignment?.coDepartments.map((d) => d.name).join("、") : null),
  },
  {
    header: "完成时限",
    width: 16,
    value: (i) =>
      "task" in i ? deadlineText(i.task.assignment ? i.task.assignment.deadline : i.task.taskDeadline) : null,
  },
  {
    header: "进度",
    width: 14,
    wrap: true,
    value: (i) => ("task" in i ? progressText(i.task.assignment) : null),
  },
  { header: "任务编号", width: 30, value: (i) => ("task" in i ? i.task.taskId : null) },
];
const LAST_VISIBLE = 6;
const ID_COLUMN = 7;

/** Tasks under a row for each part of the report they belong to, in text order. */
function items(rows: DecompositionRow[]): Item[] {
  const out: Item[] = [];
  let group: string | null = null;
  for (const task of rows) {
    if (task.group && task.group !== group) out.push({ group: task.group });
    group = task.group;
    out.push({ task });
  }
  return out;
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};

/** The 分解表 of a report as .xlsx bytes. */
export async function decompositionWorkbook(d: Decomposition, now: Date): Promise<Buffer> {
  const wb = newWorkbook(now);
  wb.title = d.sheetTitle;
  const list = items(d.rows);
  const ws = sheetFromColumns(wb, "分解表", COLUMNS, list);

  ws.insertRow(1, [d.sheetTitle]);
  ws.mergeCells(1, 1, 1, LAST_VISIBLE);
  const title = ws.getCell(1, 1);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: "center", vertical: "middle" };
  ws.getRow(1).height = 32;
  ws.views = [{ state: "frozen", xSplit: 0, ySplit: 2 }];
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: LAST_VISIBLE } };
  ws.getColumn(ID_COLUMN).hidden = true;
  ws.getRow(2).alignment = { horizontal: "center", vertical: "middle" };

  list.forEach((item, i) => {
    const row = ws.getRow(i + 3);
    if ("group" in item) {
      row.font = { bold: true };
      for (let c = 1; c <= LAST_VISIBLE; c++)
        row.getCell(c).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF5F5F5" } };
    } else {
      row.getCell(1).alignment = { horizontal: "center", vertical: "top" };
    }
  });
  for (let r = 2; r <= list.length + 2; r++)
    for (let c = 1; c <= LAST_VISIBLE; c++) ws.getCell(r, c).border = THIN;

  ws.pageSetup = {
    orientation: "landscape",
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: "1:2",
  };
  return workbookBuffer(wb);
}

/** Header names an edited copy may use for a column, besides the one the export writes. */
const ALIASES: Record<string, SheetColumn> = {
  序号: "序号",
  重点任务: "重点任务",
  牵头单位: "牵头单位",
  责任单位: "责任单位",
  配合单位: "责任单位",
  完成时限: "完成时限",
  完成时间: "完成时限",
  进度: "进度",
  任务编号: "任务编号",
};

export interface DecompositionSheetRow {
  row: number;
  cells: Record<SheetColumn, string>;
}

/** Reads an edited 分解表: the first sheet, its header row found by name, each non-empty row below it. */
export async function readDecompositionSheet(
  bytes: Buffer,
  fileName: string,
  maxRows: number,
): Promise<{ sheet: string; rows: DecompositionSheetRow[] }> {
  const required = ["重点任务", "牵头单位"];
  const table = await readTable(bytes, fileName, {
    required,
    optional: Object.keys(ALIASES).filter((k) => !required.includes(k)),
    maxRows,
  });
  return {
    sheet: table.sheetName,
    rows: table.rows.map((r) => {
      const cells: Record<SheetColumn, string> = {
        序号: "",
        重点任务: "",
        牵头单位: "",
        责任单位: "",
        完成时限: "",
        进度: "",
        任务编号: "",
      };
      for (const [header, text] of Object.entries(r.cells)) {
        const col = ALIASES[header];
        if (col && text && !cells[col]) cells[col] = text;
      }
      return { row: r.row, cells };
    }),
  };
}
