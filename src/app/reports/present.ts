import type { ReportSummary } from "../../contract/api/reports.js";
import type { ReportSummaryRow } from "../../db/repos/reports.js";

export function presentReport(r: ReportSummaryRow): ReportSummary {
  return {
    id: r.id,
    sha256: r.sha256,
    title: r.title,
    regionId: r.region_id,
    regionName: r.region_name,
    date: r.report_date,
    summaryYear: r.summary_year,
    planYear: r.plan_year,
    sourcePath: r.source_path,
    format: r.format,
    encoding: r.encoding,
    script: r.script,
    chars: r.chars,
    extractorVersion: r.extractor_version,
    published: r.published === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    factCount: r.fact_count,
    taskCount: r.task_count,
  };
}
