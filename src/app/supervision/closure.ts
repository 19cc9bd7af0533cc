import type { AssignmentDetail } from "../../contract/api/assignments.js";
import type { DecideClosureBody } from "../../contract/api/supervision.js";
import { pendingClosureEntry, reviewEntry } from "../../db/repos/supervision.js";
import { getAssignmentDetail } from "../assignments/assignments.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { type EvidenceInput, prepareFiles, writeReport } from "../progress/progress.js";
import { actorId, event, move, recolour, target } from "./act.js";

/**
 * 申请办结: the lead department reports the task complete with its evidence (a closure report at 100%,
 * pending review) and the assignment waits for a supervisor (in_progress → done).
 */
export async function requestClosure(
  ctx: AppContext,
  id: string,
  input: { version: number; text: string; files?: EvidenceInput[] },
  limits: { maxFileBytes: number },
): Promise<AssignmentDetail> {
  requireRole(ctx.actor, "department");
  const files = prepareFiles(input.files, limits.maxFileBytes);
  const text = input.text.trim();
  await inTransaction(ctx, async (tx, audit) => {
    const t = await target(tx, ctx, id, "request_closure", input.version);
    const progressId = await writeReport(tx, audit, ctx, t.actor, t.row, {
      percent: 100,
      text,
      files,
      kind: "closure",
      periodKey: null,
    });
    const at = ctx.now().toISOString();
    await move(tx, ctx, t, { status: "done", closure_requested_at: at });
    await event(tx, ctx, {
      assignmentId: id,
      action: "closure_request",
      from: t.row.status,
      to: "done",
      detail: { progressId, text, evidence: files.length },
    });
    await audit({
      action: "assignment.closure_request",
      entityType: "assignment",
      entityId: id,
      before: { status: t.row.status, version: t.row.version },
      after: { status: "done", version: t.row.version + 1, progressId },
    });
    await recolour(tx, ctx, id);
  });
  return getAssignmentDetail(ctx, id);
}

/**
 * 办结审核: a supervisor approves the closure (done → closed, 销号) or rejects it with a reason (done →
 * in_progress); the closure report is accepted or returned with it.
 */
export async function decideClosure(
  ctx: AppContext,
  id: string,
  input: DecideClosureBody,
): Promise<AssignmentDetail> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const approve = input.decision === "approve";
  const reason = input.reason?.trim() || null;
  await inTransaction(ctx, async (tx, audit) => {
    const t = await target(tx, ctx, id, approve ? "approve_closure" : "reject_closure", input.version);
    const at = ctx.now().toISOString();
    const entry = await pendingClosureEntry(tx, id);
    if (entry)
      await reviewEntry(tx, entry.id, {
        review_status: approve ? "accepted" : "returned",
        reviewed_by: actorId(actor),
        reviewed_at: at,
        review_reason: reason,
      });
    const to = approve ? "closed" : "in_progress";
    await move(
      tx,
      ctx,
      t,
      approve ? { status: to, closed_at: at } : { status: to, closure_requested_at: null },
    );
    await event(tx, ctx, {
      assignmentId: id,
      action: approve ? "closure_approve" : "closure_reject",
      from: t.row.status,
      to,
      detail: { progressId: entry?.id ?? null, reason },
    });
    await audit({
      action: approve ? "assignment.close" : "assignment.closure_reject",
      entityType: "assignment",
      entityId: id,
      before: { status: t.row.status, version: t.row.version },
      after: { status: to, version: t.row.version + 1, reason },
    });
    await recolour(tx, ctx, id);
  });
  return getAssignmentDetail(ctx, id);
}
