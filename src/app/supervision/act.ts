import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { type CycleAction, isParty, mayAct, type Standing, TRANSITIONS } from "../../core/supervise/cycle.js";
import { newId } from "../../db/ids.js";
import { type AssignmentListRow, coDepartmentsOf } from "../../db/repos/assignments.js";
import { type CycleSet, cycleUpdate, insertEvent } from "../../db/repos/supervision.js";
import type { Actor } from "../actor.js";
import { visibleAssignment } from "../assignments/assignments.js";
import type { AppContext, Tx } from "../context.js";
import { inRegion, requireRole } from "../guard.js";
import { refreshColours } from "./engine.js";

/** Where the actor stands towards an assignment: lead, co-department, supervisor in scope, or none. */
export async function standingOf(q: Tx, actor: Actor, row: AssignmentListRow): Promise<Standing> {
  const dept = actor.role === "department" ? actor.departmentId : null;
  const co = dept ? (await coDepartmentsOf(q, [row.id])).some((d) => d.id === dept) : false;
  return {
    role: actor.role,
    isLead: dept !== null && row.lead_department_id === dept,
    isCoDepartment: co,
    inScope: inRegion(actor, row.region_id),
  };
}

const STATUS_ZH: Record<string, string> = {
  assigned: "待签收",
  in_progress: "办理中",
  declined: "已退回",
  done: "办结待审",
  closed: "已办结",
};

export function wrongState(id: string, status: string, action: CycleAction): DubanError {
  return new DubanError(
    ErrorCode.Conflict,
    `assignment ${id} is ${status}: ${action} is not possible now`,
    `交办事项当前为“${STATUS_ZH[status] ?? status}”，不能执行此操作`,
    { target: id, status, action },
  );
}

export interface Target {
  actor: Actor;
  row: AssignmentListRow;
  standing: Standing;
}

/**
 * Loads the assignment for a cycle step and checks, in this order: the actor may see it (404), is the party
 * the step belongs to (403), read the current version (409) and finds it in a status the step leaves (409).
 */
export async function target(
  tx: Tx,
  ctx: AppContext,
  id: string,
  action: CycleAction,
  version: number | null,
): Promise<Target> {
  const actor = requireRole(ctx.actor, "admin", "supervisor", "department", "viewer");
  const row = await visibleAssignment(tx, actor, id);
  const standing = await standingOf(tx, actor, row);
  if (!isParty(TRANSITIONS[action].party, standing))
    throw errors.forbidden(`${action} is not yours to take on this assignment`);
  if (version !== null && row.version !== version) throw errors.conflict("assignment", id);
  if (!mayAct(action, row.status, standing)) throw wrongState(id, row.status, action);
  return { actor, row, standing };
}

/** The assignment's cycle columns changed under its version (409 when someone changed it first). */
export async function move(
  tx: Tx,
  ctx: AppContext,
  t: Target,
  set: Omit<CycleSet, "updated_at">,
): Promise<void> {
  const ok = await cycleUpdate(tx, t.row.id, t.row.version, { ...set, updated_at: ctx.now().toISOString() });
  if (!ok) throw errors.conflict("assignment", t.row.id);
}

/** Writes the history row users read. */
export async function event(
  tx: Tx,
  ctx: AppContext,
  e: {
    assignmentId: string;
    action: string;
    from?: string | null;
    to?: string | null;
    detail?: object | null;
  },
): Promise<void> {
  const actorId = ctx.actor && ctx.actor.id !== "system" ? ctx.actor.id : null;
  await insertEvent(tx, {
    id: newId(),
    assignment_id: e.assignmentId,
    at: ctx.now().toISOString(),
    actor_id: actorId,
    action: e.action,
    from_state: e.from ?? null,
    to_state: e.to ?? null,
    detail: e.detail ? JSON.stringify(e.detail) : null,
  });
}

/** After a step: the colour as the step leaves it. */
export async function recolour(tx: Tx, ctx: AppContext, id: string): Promise<void> {
  await refreshColours(tx, ctx.db.dialect, [id], ctx.now());
}

/** The audit log's user id for an actor (the CLI operator has none). */
export function actorId(actor: Actor): string | null {
  return actor.id === "system" ? null : actor.id;
}
