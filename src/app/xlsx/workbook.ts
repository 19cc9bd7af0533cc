import ExcelJS from "exceljs";

/**
 * Shared xlsx building for every export (目标台账, 分解表, 任务台账 …): describe the columns once, hand over the
 * rows, get a Buffer that opens in Excel and WPS. Use `sheetFromColumns` for each sheet and `workbookBuffer` to
 * write; add generic helpers here rather than calling exceljs from each use case, so every export looks the same
 * (bold frozen header row, widths, numbers stored as numbers, dates as dates).
 */

/** How a cell is stored: text, a number (a real number cell, so sums and sorting work) or a date. */
export type CellType = "text" | "number" | "date";

export interface ColumnSpec<Row> {
  /** The header, as the reader sees it (Chinese). */
  header: string;
  /** Width in characters; a CJK character counts as two. Defaults to the header's width, at least 8. */
  width?: number;
  type?: CellType;
  /** Excel number format for number/date cells, e.g. "0.##" or "yyyy-mm-dd". */
  numFmt?: string;
  /** Long text (quotes) wraps instead of running into the next cell. */
  wrap?: boolean;
  value: (row: Row) => string | number | Date | null | undefined;
}

/** A workbook with the metadata every export shares. */
export function newWorkbook(now: Date = new Date()): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "duban";
  wb.created = now;
  wb.modified = now;
  return wb;
}

/** Display width of a string: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function cellValue(
  type: CellType,
  v: string | number | Date | null | undefined,
): string | number | Date | null {
  if (v === null || v === undefined || v === "") return null;
  if (type === "number") {
    const n = typeof v === "number" ? v : Number(v);
    return Number.isFinite(n) ? n : String(v);
  }
  if (type === "date") {
    const d = v instanceof Date ? v : new Date(String(v));
    return Number.isNaN(d.getTime()) ? String(v) : d;
  }
  return v instanceof Date ? v.toISOString() : String(v);
}

/**
 * Adds a sheet: a bold header row frozen at the top with an autofilter, then one row per item. Sheet names
 * are cut to Excel's 31 characters without the characters it forbids.
 */
export function sheetFromColumns<Row>(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly ColumnSpec<Row>[],
  rows: Iterable<Row>,
): ExcelJS.Worksheet {
  const sheetName = name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31) || "Sheet1";
  const ws = wb.addWorksheet(sheetName, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({
    key: `c${i}`,
    width: c.width ?? Math.max(8, displayWidth(c.header) + 2),
    style: {
      ...(c.numFmt ? { numFmt: c.numFmt } : c.type === "date" ? { numFmt: "yyyy-mm-dd" } : {}),
      alignment: { vertical: "top", ...(c.wrap ? { wrapText: true } : {}) },
    },
  }));
  const header = ws.getRow(1);
  columns.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
  });
  header.font = { bold: true };
  header.alignment = { vertical: "middle" };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFF3F8" } };
  for (const row of rows) ws.addRow(columns.map((c) => cellValue(c.type ?? "text", c.value(row))));
  if (columns.length > 0)
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** The workbook as .xlsx bytes. */
export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Content-Disposition for a download with a Chinese file name (RFC 6266: ASCII fallback + UTF-8 name). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const utf8 = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
