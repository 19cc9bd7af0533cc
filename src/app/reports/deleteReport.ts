import { errors } from "../../core/errors.js";
import { getReportSummary, softDeleteReport } from "../../db/repos/reports.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireWriter } from "./access.js";

/**
 * Soft delete: the report, its facts and tasks disappear from every list and page; uploading the same
 * bytes again restores it with its corrections.
 */
export async function deleteReport(ctx: AppContext, id: string, version: number): Promise<void> {
  await inTransaction(ctx, async (tx, audit) => {
    const before = await getReportSummary(tx, id);
    if (!before || before.deleted_at !== null) throw errors.notFound("report", id);
    requireWriter(ctx, before.region_id);
    const now = ctx.now().toISOString();
    if ((await softDeleteReport(tx, id, version, now)) === 0) throw errors.conflict("report", id);
    await audit({
      action: "report.delete",
      entityType: "report",
      entityId: id,
      before: { title: before.title, version: before.version, deletedAt: null },
      after: { version: before.version + 1, deletedAt: now },
    });
  });
}
