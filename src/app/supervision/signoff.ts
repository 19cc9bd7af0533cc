import type { AssignmentDetail } from "../../contract/api/assignments.js";
import type { AcknowledgeBody, DeclineBody, ReassignBody } from "../../contract/api/supervision.js";
import { shanghaiDay } from "../../core/calendar/index.js";
import { errors } from "../../core/errors.js";
import { coDepartmentsOf, setCoDepartments, tasksForAssignment } from "../../db/repos/assignments.js";
import { checkDepartments, getAssignmentDetail } from "../assignments/assignments.js";
import { type AppContext, inTransaction } from "../context.js";
import { actorId, event, move, recolour, target } from "./act.js";
import { rulesToday } from "./engine.js";

/** 签收: the lead department takes the assignment on (assigned → in_progress). */
export async function acknowledgeAssignment(
  ctx: AppContext,
  id: string,
  input: AcknowledgeBody,
): Promise<AssignmentDetail> {
  await inTransaction(ctx, async (tx, audit) => {
    const t = await target(tx, ctx, id, "acknowledge", input.version);
    const at = ctx.now().toISOString();
    await move(tx, ctx, t, { status: "in_progress", acknowledged_at: at, acknowledged_by: actorId(t.actor) });
    const late = t.row.ack_due_date !== null && shanghaiDay(ctx.now()) > t.row.ack_due_date;
    await event(tx, ctx, {
      assignmentId: id,
      action: "acknowledge",
      from: t.row.status,
      to: "in_progress",
      detail: { ackDueDate: t.row.ack_due_date, late },
    });
    await audit({
      action: "assignment.acknowledge",
      entityType: "assignment",
      entityId: id,
      before: { status: t.row.status, version: t.row.version },
      after: { status: "in_progress", version: t.row.version + 1, acknowledgedAt: at },
    });
    await recolour(tx, ctx, id);
  });
  return getAssignmentDetail(ctx, id);
}

/** 退回: the lead department gives the assignment back with a reason (assigned → declined). */
export async function declineAssignment(
  ctx: AppContext,
  id: string,
  input: DeclineBody,
): Promise<AssignmentDetail> {
  await inTransaction(ctx, async (tx, audit) => {
    const t = await target(tx, ctx, id, "decline", input.version);
    await move(tx, ctx, t, { status: "declined" });
    await event(tx, ctx, {
      assignmentId: id,
      action: "decline",
      from: t.row.status,
      to: "declined",
      detail: { reason: input.reason, departmentId: t.row.lead_department_id },
    });
    await audit({
      action: "assignment.decline",
      entityType: "assignment",
      entityId: id,
      before: { status: t.row.status, version: t.row.version },
      after: { status: "declined", version: t.row.version + 1, reason: input.reason },
    });
    await recolour(tx, ctx, id);
  });
  return getAssignmentDetail(ctx, id);
}

/**
 * A supervisor gives a declined (or not yet signed) assignment to a lead department again — usually another
 * one — with a new 签收 due date by the rules in force.
 */
export async function reassignAssignment(
  ctx: AppContext,
  id: string,
  input: ReassignBody,
): Promise<AssignmentDetail> {
  await inTransaction(ctx, async (tx, audit) => {
    const t = await target(tx, ctx, id, "reassign", input.version);
    const [task] = await tasksForAssignment(tx, [t.row.task_id]);
    if (!task) throw errors.notFound("task", t.row.task_id);
    const before = (await coDepartmentsOf(tx, [id])).map((d) => d.id);
    const coIds = input.coDepartmentIds ?? before.filter((d) => d !== input.leadDepartmentId);
    const co = await checkDepartments(tx, t.actor, input.leadDepartmentId, coIds, [task]);
    const { ackDue } = await rulesToday(tx, task.region_id, ctx.now());
    await move(tx, ctx, t, {
      status: "assigned",
      lead_department_id: input.leadDepartmentId,
      ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
      ack_due_date: ackDue,
      acknowledged_at: null,
      acknowledged_by: null,
    });
    await setCoDepartments(tx, id, co);
    const detail = {
      fromDepartmentId: t.row.lead_department_id,
      toDepartmentId: input.leadDepartmentId,
      coDepartmentIds: co,
      ackDueDate: ackDue,
      ...(input.deadline !== undefined ? { deadline: { from: t.row.deadline, to: input.deadline } } : {}),
      ...(input.reason ? { reason: input.reason } : {}),
    };
    await event(tx, ctx, {
      assignmentId: id,
      action: "reassign",
      from: t.row.status,
      to: "assigned",
      detail,
    });
    await audit({
      action: "assignment.reassign",
      entityType: "assignment",
      entityId: id,
      before: {
        status: t.row.status,
        leadDepartmentId: t.row.lead_department_id,
        coDepartmentIds: before,
        deadline: t.row.deadline,
        version: t.row.version,
      },
      after: { status: "assigned", ...detail, version: t.row.version + 1 },
    });
    await recolour(tx, ctx, id);
  });
  return getAssignmentDetail(ctx, id);
}
