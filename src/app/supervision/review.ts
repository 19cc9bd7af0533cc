import type { AssignmentDetail } from "../../contract/api/assignments.js";
import type { ReviewProgressBody } from "../../contract/api/supervision.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { getProgress } from "../../db/repos/progress.js";
import { reviewEntry } from "../../db/repos/supervision.js";
import { getAssignmentDetail } from "../assignments/assignments.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { actorId, event, move, recolour, target } from "./act.js";

/**
 * 审核: a supervisor accepts a pending progress report, or returns it with a reason — a returned report no
 * longer counts towards the task's percent and the department reports again. Names the assignment's version.
 */
export async function reviewProgress(
  ctx: AppContext,
  progressId: string,
  input: ReviewProgressBody,
): Promise<AssignmentDetail> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const assignmentId = await inTransaction(ctx, async (tx, audit) => {
    const entry = await getProgress(tx, progressId);
    if (!entry) throw errors.notFound("progress", progressId);
    const t = await target(tx, ctx, entry.assignment_id, "review_progress", input.version);
    if (entry.kind === "closure")
      throw new DubanError(
        ErrorCode.Conflict,
        `progress ${progressId} is a closure request: decide it with the closure decision`,
        "这是办结申请，请在办结审核中处理",
        { target: progressId },
      );
    const status = input.decision === "accept" ? "accepted" : "returned";
    const reason = input.reason?.trim() || null;
    const at = ctx.now().toISOString();
    const ok = await reviewEntry(tx, progressId, {
      review_status: status,
      reviewed_by: actorId(actor),
      reviewed_at: at,
      review_reason: reason,
    });
    if (!ok) throw errors.conflict("progress", progressId);
    await move(tx, ctx, t, {});
    await event(tx, ctx, {
      assignmentId: t.row.id,
      action: "review",
      detail: {
        progressId,
        decision: input.decision,
        reason,
        percent: entry.percent,
        periodKey: entry.period_key,
      },
    });
    await audit({
      action: "progress.review",
      entityType: "progress",
      entityId: progressId,
      before: { reviewStatus: entry.review_status },
      after: { reviewStatus: status, reason, assignmentVersion: t.row.version + 1 },
    });
    await recolour(tx, ctx, t.row.id);
    return t.row.id;
  });
  return getAssignmentDetail(ctx, assignmentId);
}
