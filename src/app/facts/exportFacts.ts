import type { FactsExportQuery, FactView } from "../../contract/api/facts.js";
import type { Comparator } from "../../contract/extraction.js";
import { DubanError, ErrorCode } from "../../core/errors.js";
import { regionNames, reportLabels, sectionHeadings } from "../../db/repos/factLabels.js";
import type { AppContext } from "../context.js";
import type { ReadOptions } from "../reports/access.js";
import { type ColumnSpec, newWorkbook, sheetFromColumns, workbookBuffer } from "../xlsx/workbook.js";
import { listFacts } from "./listFacts.js";

/** More rows than a spreadsheet reader can use: narrow the filters instead. */
export const EXPORT_MAX_ROWS = 50_000;
const PAGE = 500;

const COMPARATOR_ZH: Record<Comparator, string> = {
  "=": "等于",
  ">=": "不低于",
  ">": "高于",
  "<=": "不高于",
  "<": "低于",
  "~": "约",
  range: "区间",
};

interface ExportRow {
  fact: FactView;
  region: string;
  report: string;
  section: string;
}

function periodText(p: FactView["current"]["period"]): string {
  if (!p) return "";
  return p.from === p.to ? `${p.from}年` : `${p.from}—${p.to}年`;
}

function comparatorText(v: FactView["current"]): string {
  if (v.comparator === "range" && v.valueMax !== null) return `区间（至 ${v.valueMax}）`;
  return COMPARATOR_ZH[v.comparator];
}

function valueHeader(kind: FactsExportQuery["kind"]): string {
  return kind === "target" ? "目标值" : kind === "actual" ? "实际值" : "数值";
}

function columns(kind: FactsExportQuery["kind"]): ColumnSpec<ExportRow>[] {
  return [
    { header: "地区", width: 14, value: (r) => r.region },
    { header: "年度", width: 8, type: "number", numFmt: "0", value: (r) => r.fact.planYear },
    { header: "指标", width: 24, value: (r) => r.fact.current.indicator },
    {
      header: valueHeader(kind),
      width: 12,
      type: "number",
      numFmt: "General",
      value: (r) => r.fact.current.value,
    },
    { header: "单位", width: 10, value: (r) => r.fact.current.unit },
    { header: "比较", width: 12, value: (r) => comparatorText(r.fact.current) },
    { header: "期间", width: 13, value: (r) => periodText(r.fact.current.period) },
    { header: "章节", width: 24, wrap: true, value: (r) => r.section },
    { header: "原文", width: 60, wrap: true, value: (r) => r.fact.quote },
    { header: "报告", width: 36, wrap: true, value: (r) => r.report },
  ];
}

/**
 * The facts matching the ledger's filters as an .xlsx 台账 (one sheet, Chinese headers, values as numbers):
 * what the reader may see, with corrections applied and facts marked 不是数据 left out. A `kind` filter is
 * applied to the corrected kind, so a figure corrected from target to actual leaves the 目标 sheet.
 */
export async function exportFacts(
  ctx: AppContext,
  query: FactsExportQuery,
  opts: ReadOptions,
): Promise<{ bytes: Buffer; rows: number; fileName: string }> {
  const facts: FactView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFacts(ctx, { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) }, opts);
    for (const f of page.items) {
      if (f.notAFact) continue;
      if (query.kind !== undefined && f.current.kind !== query.kind) continue;
      facts.push(f);
    }
    if (facts.length > EXPORT_MAX_ROWS)
      throw new DubanError(
        ErrorCode.PayloadTooLarge,
        `more than ${EXPORT_MAX_ROWS} facts match; narrow the filters`,
        `符合条件的数据超过 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围后再导出`,
      );
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  const q = ctx.db.kysely;
  const reportIds = facts.map((f) => f.reportId);
  const [regions, reports, sections] = await Promise.all([
    regionNames(
      q,
      facts.flatMap((f) => (f.regionId ? [f.regionId] : [])),
    ),
    reportLabels(q, reportIds),
    sectionHeadings(q, reportIds),
  ]);
  const rows: ExportRow[] = facts.map((fact) => {
    const report = reports.get(fact.reportId);
    return {
      fact,
      region: (fact.regionId && regions.get(fact.regionId)) || report?.regionName || "",
      report: report?.title || report?.sourcePath || fact.reportId,
      section: (fact.section && sections.get(`${fact.reportId}\u0000${fact.section}`)) || "",
    };
  });
  // A ledger reads by place, then year, then in the report's own order.
  rows.sort(
    (a, b) =>
      a.region.localeCompare(b.region, "zh-CN") ||
      (a.fact.planYear ?? 0) - (b.fact.planYear ?? 0) ||
      a.fact.reportId.localeCompare(b.fact.reportId) ||
      a.fact.start - b.fact.start,
  );

  const sheet = query.kind === "target" ? "目标台账" : query.kind === "actual" ? "实际值" : "数据";
  const wb = newWorkbook(ctx.now());
  sheetFromColumns(wb, sheet, columns(query.kind), rows);
  const day = ctx.now().toISOString().slice(0, 10);
  return { bytes: await workbookBuffer(wb), rows: rows.length, fileName: `${sheet}-${day}.xlsx` };
}
