import ExcelJS from "exceljs";
import { DubanError, ErrorCode } from "../../core/errors.js";

/**
 * Shared reading of uploaded xlsx tables (department lists today; any 导入 tomorrow): the first sheet, a header
 * row found by name, and each data row with its 1-based sheet row number so errors can name "第 5 行 简称".
 */

export interface SheetRow {
  /** The row number as Excel shows it (header is usually 1). */
  row: number;
  /** Cell text by header name, trimmed; empty cells are "". */
  cells: Record<string, string>;
}

export interface ReadTable {
  sheetName: string;
  headerRow: number;
  rows: SheetRow[];
}

function badFile(
  fileName: string,
  en: string,
  zh: string,
  details: Record<string, unknown> = {},
  code: ErrorCode = ErrorCode.InvalidArgument,
): DubanError {
  return new DubanError(code, `${fileName}: ${en}`, `${fileName}：${zh}`, {
    file: fileName,
    ...details,
  });
}

/** The text of a cell whatever Excel stored: rich text, formula result, hyperlink, number, date. */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v)
      return v.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if ("text" in v && typeof v.text === "string") return v.text.trim();
    if ("result" in v && v.result !== undefined && v.result !== null) return String(v.result).trim();
  }
  return (cell.text ?? "").trim();
}

/**
 * Reads the first sheet of an xlsx file. The header row is the first row (of the first ten) holding every
 * `required` header; other columns are ignored. Refuses, with a message naming the file, anything that is not
 * an xlsx workbook, an empty one, a missing header, or more than `maxRows` data rows.
 */
export async function readTable(
  bytes: Buffer,
  fileName: string,
  opts: { required: readonly string[]; optional?: readonly string[]; maxRows: number },
): Promise<ReadTable> {
  // xlsx is a zip: anything else (xls, csv, a renamed docx is still a zip and fails below) is refused up front.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    throw badFile(
      fileName,
      "not an xlsx file (Excel 2007+ workbook)",
      "不是 xlsx 文件（请另存为 Excel 工作簿 .xlsx）",
      {},
      ErrorCode.UnsupportedFormat,
    );
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw badFile(
      fileName,
      "cannot be read as an xlsx workbook",
      "无法作为 xlsx 工作簿读取",
      {},
      ErrorCode.UnsupportedFormat,
    );
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) throw badFile(fileName, "the workbook is empty", "工作簿是空的");

  const wanted = [...opts.required, ...(opts.optional ?? [])];
  let headerRow = 0;
  let columns = new Map<string, number>();
  for (let r = 1; r <= Math.min(10, ws.rowCount) && headerRow === 0; r++) {
    const found = new Map<string, number>();
    ws.getRow(r).eachCell((cell, col) => {
      const name = cellText(cell).replace(/\s+/g, "");
      if (wanted.includes(name) && !found.has(name)) found.set(name, col);
    });
    if (opts.required.every((h) => found.has(h))) {
      headerRow = r;
      columns = found;
    }
  }
  if (headerRow === 0)
    throw badFile(
      fileName,
      `no header row with the columns ${opts.required.join(", ")} in sheet "${ws.name}"`,
      `工作表“${ws.name}”中找不到包含 ${opts.required.join("、")} 的表头行`,
      { sheet: ws.name, required: opts.required },
    );

  const rows: SheetRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: Record<string, string> = {};
    let any = false;
    for (const [name, col] of columns) {
      const text = cellText(row.getCell(col));
      cells[name] = text;
      if (text) any = true;
    }
    if (!any) continue;
    if (rows.length >= opts.maxRows)
      throw badFile(
        fileName,
        `more than ${opts.maxRows} rows; split the file`,
        `超过 ${opts.maxRows} 行，请拆分后再导入`,
      );
    rows.push({ row: r, cells });
  }
  return { sheetName: ws.name, headerRow, rows };
}
