import type { FactDetail } from "../../contract/api/facts.js";
import { errors } from "../../core/errors.js";
import { correctionsOfFact } from "../../db/repos/corrections.js";
import { getFact as getFactRow } from "../../db/repos/facts.js";
import { getReportAccess } from "../../db/repos/reports.js";
import type { AppContext } from "../context.js";
import { canSeeReport, type ReadOptions, readScope } from "../reports/access.js";
import { anonymize, presentCorrections, presentFactWithCorrections } from "./present.js";

/** One fact with its correction history and the title of its report. */
export async function getFact(ctx: AppContext, id: string, opts: ReadOptions): Promise<FactDetail> {
  const scope = readScope(ctx, opts);
  const q = ctx.db.kysely;
  const fact = await getFactRow(q, id);
  const report = fact && (await getReportAccess(q, fact.report_id));
  if (!fact || !report || !canSeeReport(scope, report)) throw errors.notFound("fact", id);
  const corrections = presentCorrections(await correctionsOfFact(q, id));
  return {
    ...presentFactWithCorrections(fact, ctx.actor ? corrections : corrections.map(anonymize)),
    reportTitle: report.title,
  };
}
