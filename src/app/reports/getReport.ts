import type { ReportDetail, ReportSection } from "../../contract/api/reports.js";
import type { SectionRole } from "../../contract/extraction.js";
import { errors } from "../../core/errors.js";
import { correctionsOfReport } from "../../db/repos/corrections.js";
import { factsOfReport } from "../../db/repos/facts.js";
import { getReportBody, getReportSummary, sectionsOfReport } from "../../db/repos/reports.js";
import { tasksOfReport } from "../../db/repos/tasks.js";
import type { AppContext } from "../context.js";
import { anonymize, correctionsByFact, presentFactWithCorrections } from "../facts/present.js";
import { factIdIndex, presentTask } from "../tasks/present.js";
import { canSeeReport, type ReadOptions, readScope } from "./access.js";
import { presentReport } from "./present.js";

/** One report with its sections, facts (extracted and current values, corrections) and tasks. */
export async function getReport(
  ctx: AppContext,
  id: string,
  opts: ReadOptions & { includeBody?: boolean },
): Promise<ReportDetail> {
  const scope = readScope(ctx, opts);
  const q = ctx.db.kysely;
  const report = await getReportSummary(q, id);
  if (!report || !canSeeReport(scope, report)) throw errors.notFound("report", id);
  const [sections, facts, corrections, tasks] = await Promise.all([
    sectionsOfReport(q, id),
    factsOfReport(q, id),
    correctionsOfReport(q, id),
    tasksOfReport(q, id),
  ]);
  const byFact = correctionsByFact(corrections);
  const factIds = factIdIndex(facts);
  const detail: ReportDetail = {
    ...presentReport(report),
    sections: sections.map(
      (s): ReportSection => ({
        id: s.ext_id,
        parent: s.parent_ext_id,
        heading: s.heading,
        role: s.role as SectionRole,
        start: s.start_pos,
        end: s.end_pos,
      }),
    ),
    facts: facts.map((f) => {
      const list = byFact.get(f.id) ?? [];
      return presentFactWithCorrections(f, ctx.actor ? list : list.map(anonymize));
    }),
    tasks: tasks.map((t) => presentTask(t, factIds)),
  };
  if (opts.includeBody) detail.body = (await getReportBody(q, id)) ?? "";
  return detail;
}
