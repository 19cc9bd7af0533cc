import type { ReportSummary, UpdateReportBody } from "../../contract/api/reports.js";
import { errors } from "../../core/errors.js";
import { getReportSummary, updateReport as updateReportRow } from "../../db/repos/reports.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireWriter } from "./access.js";
import { presentReport } from "./present.js";

/** Changes a report's title or publication; the caller names the version it read. */
export async function updateReport(
  ctx: AppContext,
  id: string,
  body: UpdateReportBody,
): Promise<ReportSummary> {
  return inTransaction(ctx, async (tx, audit) => {
    const before = await getReportSummary(tx, id);
    if (!before || before.deleted_at !== null) throw errors.notFound("report", id);
    requireWriter(ctx, before.region_id);
    const set: { title?: string; published?: number; updated_at: string } = {
      updated_at: ctx.now().toISOString(),
    };
    if (body.title !== undefined) set.title = body.title;
    if (body.published !== undefined) set.published = body.published ? 1 : 0;
    if ((await updateReportRow(tx, id, body.version, set)) === 0) throw errors.conflict("report", id);
    const after = await getReportSummary(tx, id);
    if (!after) throw errors.notFound("report", id);
    await audit({
      action: "report.update",
      entityType: "report",
      entityId: id,
      before: { title: before.title, published: before.published === 1, version: before.version },
      after: { title: after.title, published: after.published === 1, version: after.version },
    });
    return presentReport(after);
  });
}
