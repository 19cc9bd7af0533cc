import type {
  CreateMilestoneBody,
  MilestoneResult,
  UpdateMilestoneBody,
} from "../../contract/api/assignments.js";
import { errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import {
  getMilestone,
  insertMilestones,
  type MilestoneRow,
  updateAssignment as updateAssignmentRow,
  updateMilestone as updateMilestoneRow,
} from "../../db/repos/assignments.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { recolour } from "../supervision/act.js";
import { toMilestone, visibleAssignment } from "./assignments.js";

/**
 * Milestones are part of their assignment: adding or changing one bumps the assignment's version, and a
 * change names the version it read (409 when stale). Supervisors (own region) and admins manage them.
 */
export async function addMilestone(
  ctx: AppContext,
  assignmentId: string,
  input: CreateMilestoneBody,
): Promise<MilestoneResult> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (tx, audit) => {
    const a = await visibleAssignment(tx, actor, assignmentId);
    const m: MilestoneRow = {
      id: newId(),
      assignment_id: assignmentId,
      title: input.title,
      due_date: input.dueDate ?? null,
      done_at: null,
    };
    await insertMilestones(tx, [m]);
    if (!(await updateAssignmentRow(tx, assignmentId, a.version, { updated_at: now })))
      throw errors.conflict("assignment", assignmentId);
    const milestone = toMilestone(m);
    await audit({ action: "milestone.create", entityType: "milestone", entityId: m.id, after: milestone });
    // A milestone already due turns the task red.
    await recolour(tx, ctx, assignmentId);
    return { milestone, assignmentVersion: a.version + 1 };
  });
}

export async function updateMilestone(
  ctx: AppContext,
  id: string,
  input: UpdateMilestoneBody,
): Promise<MilestoneResult> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (tx, audit) => {
    const before = await getMilestone(tx, id);
    if (!before) throw errors.notFound("milestone", id);
    const a = await visibleAssignment(tx, actor, before.assignment_id);
    if (a.version !== input.version) throw errors.conflict("assignment", a.id);
    const set: Partial<Pick<MilestoneRow, "title" | "due_date" | "done_at">> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.dueDate !== undefined) set.due_date = input.dueDate;
    if (input.done !== undefined) set.done_at = input.done ? (before.done_at ?? now) : null;
    if (!(await updateAssignmentRow(tx, a.id, input.version, { updated_at: now })))
      throw errors.conflict("assignment", a.id);
    await updateMilestoneRow(tx, id, set);
    const after = await getMilestone(tx, id);
    if (!after) throw errors.notFound("milestone", id);
    const milestone = toMilestone(after);
    await recolour(tx, ctx, a.id);
    await audit({
      action: "milestone.update",
      entityType: "milestone",
      entityId: id,
      before: toMilestone(before),
      after: milestone,
    });
    return { milestone, assignmentVersion: input.version + 1 };
  });
}
