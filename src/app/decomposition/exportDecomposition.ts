import { today } from "../assignments/assignments.js";
import type { AppContext } from "../context.js";
import { decompositionWorkbook } from "../xlsx/decomposition.js";
import { readDecomposition, visibleReportForDecomposition } from "./loadDecomposition.js";

export interface ExportedFile {
  fileName: string;
  bytes: Buffer;
}

/** The 分解表 of a report as an .xlsx file named after its title row. */
export async function exportDecomposition(ctx: AppContext, reportId: string): Promise<ExportedFile> {
  const q = ctx.db.kysely;
  const report = await visibleReportForDecomposition(ctx, q, reportId);
  const d = await readDecomposition(q, report, today(ctx));
  const name = d.sheetTitle.replace(/[\\/:*?"<>|]/g, "_");
  return { fileName: `${name}.xlsx`, bytes: await decompositionWorkbook(d, ctx.now()) };
}
