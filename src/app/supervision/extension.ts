import type { AssignmentDetail } from "../../contract/api/assignments.js";
import type { DecideExtensionBody, RequestExtensionBody } from "../../contract/api/supervision.js";
import { shanghaiDay } from "../../core/calendar/index.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import {
  decideExtensionRow,
  extensionsOf,
  getExtension,
  insertExtension,
} from "../../db/repos/supervision.js";
import { getAssignmentDetail } from "../assignments/assignments.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { actorId, event, move, recolour, target } from "./act.js";

/**
 * 申请延期: the lead department asks for a later deadline, saying why. One request is open at a time; the
 * new deadline must be later than the current one and not in the past.
 */
export async function requestExtension(
  ctx: AppContext,
  id: string,
  input: RequestExtensionBody,
): Promise<AssignmentDetail> {
  requireRole(ctx.actor, "department");
  await inTransaction(ctx, async (tx, audit) => {
    const t = await target(tx, ctx, id, "request_extension", input.version);
    const today = shanghaiDay(ctx.now());
    if (
      input.requestedDeadline < today ||
      (t.row.deadline !== null && input.requestedDeadline <= t.row.deadline)
    )
      throw errors.invalid(
        "requestedDeadline",
        "must be later than the current deadline and not in the past",
        "须晚于现有截止日期且不早于今天",
      );
    if ((await extensionsOf(tx, id)).some((e) => e.status === "pending"))
      throw new DubanError(
        ErrorCode.Conflict,
        `assignment ${id} already has an extension request waiting for a decision`,
        "已有待审批的延期申请",
        { target: id },
      );
    const extensionId = newId();
    await insertExtension(tx, {
      id: extensionId,
      assignment_id: id,
      requested_by: actorId(t.actor),
      current_deadline: t.row.deadline,
      requested_deadline: input.requestedDeadline,
      reason: input.reason,
      status: "pending",
      created_at: ctx.now().toISOString(),
    });
    await move(tx, ctx, t, {});
    const detail = { extensionId, from: t.row.deadline, to: input.requestedDeadline, reason: input.reason };
    await event(tx, ctx, { assignmentId: id, action: "extension_request", detail });
    await audit({
      action: "assignment.extension_request",
      entityType: "assignment",
      entityId: id,
      after: { ...detail, version: t.row.version + 1 },
    });
  });
  return getAssignmentDetail(ctx, id);
}

/** 延期审批: approve (the deadline becomes the one asked for) or refuse with a reason. */
export async function decideExtension(
  ctx: AppContext,
  extensionId: string,
  input: DecideExtensionBody,
): Promise<AssignmentDetail> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const approve = input.decision === "approve";
  const reason = input.reason?.trim() || null;
  const assignmentId = await inTransaction(ctx, async (tx, audit) => {
    const ext = await getExtension(tx, extensionId);
    if (!ext) throw errors.notFound("extension", extensionId);
    const t = await target(tx, ctx, ext.assignment_id, "decide_extension", input.version);
    const ok = await decideExtensionRow(tx, extensionId, {
      status: approve ? "approved" : "refused",
      decided_by: actorId(actor),
      decided_at: ctx.now().toISOString(),
      decision_reason: reason,
    });
    if (!ok) throw errors.conflict("extension", extensionId);
    await move(tx, ctx, t, approve ? { deadline: ext.requested_deadline } : {});
    const detail = { extensionId, from: t.row.deadline, to: ext.requested_deadline, reason };
    await event(tx, ctx, {
      assignmentId: t.row.id,
      action: approve ? "extension_approve" : "extension_refuse",
      detail,
    });
    await audit({
      action: approve ? "assignment.extension_approve" : "assignment.extension_refuse",
      entityType: "assignment",
      entityId: t.row.id,
      before: { deadline: t.row.deadline, version: t.row.version },
      after: {
        ...detail,
        deadline: approve ? ext.requested_deadline : t.row.deadline,
        version: t.row.version + 1,
      },
    });
    await recolour(tx, ctx, t.row.id);
    return t.row.id;
  });
  return getAssignmentDetail(ctx, assignmentId);
}
