import type {
  Assignment,
  AssignmentDetail,
  AssignmentListQuery,
  AssignmentStatus,
  BulkAssignBody,
  CreateAssignmentBody,
  DepartmentRef,
  Milestone,
  UpdateAssignmentBody,
} from "../../contract/api/assignments.js";
import { decodeCursor } from "../../contract/api/common.js";
import type { Colour, ReportCycle } from "../../contract/api/supervision.js";
import { dayNumber, shanghaiDay } from "../../core/calendar/index.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { allowedActions } from "../../core/supervise/cycle.js";
import { expected, type ReasonFacts, type StatusCode, statusReason } from "../../core/supervise/status.js";
import type { Db } from "../../db/database.js";
import { newId } from "../../db/ids.js";
import {
  type AssignmentListRow,
  assignedTaskIds,
  coDepartmentsOf,
  getAssignment,
  insertAssignment,
  insertMilestones,
  listAssignments as listAssignmentRows,
  type MilestoneRow,
  milestonesOf,
  setCoDepartments,
  type TaskForAssignment,
  tasksForAssignment,
  updateAssignment as updateAssignmentRow,
} from "../../db/repos/assignments.js";
import { getDepartments, isUniqueViolation } from "../../db/repos/departments.js";
import { regionAndDescendants } from "../../db/repos/regions.js";
import { extensionsOf } from "../../db/repos/supervision.js";
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { inRegion, requireRole } from "../guard.js";
import { splitPage } from "../paging.js";
import { progressHistory } from "../progress/progress.js";
import { event, recolour, standingOf } from "../supervision/act.js";
import { rulesToday } from "../supervision/engine.js";
import { presentExtension } from "../supervision/present.js";
import { assignmentScope, scopeFor } from "./scope.js";

type Q = Db["kysely"] | Tx;

export const CLOSED_STATUSES: AssignmentStatus[] = ["done", "closed"];

/** Today as offices count days: in Asia/Shanghai, as the status engine does. */
export function today(ctx: AppContext): string {
  return shanghaiDay(ctx.now());
}

export function toMilestone(m: MilestoneRow): Milestone {
  return { id: m.id, assignmentId: m.assignment_id, title: m.title, dueDate: m.due_date, doneAt: m.done_at };
}

/** The stored status code, and its reason worded for today (the day counts are not stored). */
function colourOf(row: AssignmentListRow, day: string): { reason: string | null; code: string | null } {
  if (!row.colour_detail) return { reason: null, code: null };
  const d = JSON.parse(row.colour_detail) as Partial<ReasonFacts> & { code?: StatusCode };
  if (!d.code) return { reason: null, code: null };
  const todayN = dayNumber(day);
  const reason = statusReason(
    d.code,
    {
      effectiveDeadline: d.effectiveDeadline ?? null,
      milestoneDue: d.milestoneDue ?? null,
      percent: d.percent ?? null,
      expectedPercent: expected(row.created_at, row.deadline, todayN),
    },
    todayN,
  );
  return { reason, code: d.code };
}

function toAssignment(row: AssignmentListRow, co: DepartmentRef[], day: string): Assignment {
  const status = row.status as AssignmentStatus;
  const colour = colourOf(row, day);
  return {
    id: row.id,
    taskId: row.task_id,
    taskText: row.task_text,
    reportId: row.report_id,
    regionId: row.region_id,
    planYear: row.plan_year,
    leadDepartment: { id: row.lead_department_id, name: row.lead_name, shortName: row.lead_short_name },
    coDepartments: co,
    deadline: row.deadline,
    status,
    note: row.note,
    percent: row.percent === null || row.percent === undefined ? null : Number(row.percent),
    overdue: row.deadline !== null && row.deadline < day && !CLOSED_STATUSES.includes(status),
    colour: row.colour as Colour,
    colourReason: colour.reason,
    colourCode: colour.code,
    ackDueDate: row.ack_due_date,
    acknowledgedAt: row.acknowledged_at,
    reportCycle: row.report_cycle as ReportCycle,
    closedAt: row.closed_at,
    escalationLevel: Number(row.escalation_level),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

async function present(q: Q, rows: AssignmentListRow[], day: string): Promise<Assignment[]> {
  const links = await coDepartmentsOf(
    q,
    rows.map((r) => r.id),
  );
  const co = new Map<string, DepartmentRef[]>();
  for (const l of links) {
    const list = co.get(l.assignment_id) ?? [];
    list.push({ id: l.id, name: l.name, shortName: l.short_name });
    co.set(l.assignment_id, list);
  }
  return rows.map((r) => toAssignment(r, co.get(r.id) ?? [], day));
}

/** The assignment as the actor may see it, or 404. */
export async function visibleAssignment(q: Q, actor: Actor | null, id: string): Promise<AssignmentListRow> {
  const row = await getAssignment(q, id, scopeFor(actor, "assignment", id));
  if (!row) throw errors.notFound("assignment", id);
  return row;
}

async function presentOne(q: Q, id: string, day: string): Promise<Assignment> {
  const row = await getAssignment(q, id);
  if (!row) throw errors.notFound("assignment", id);
  const [a] = await present(q, [row], day);
  return a as Assignment;
}

/** What the audit log keeps of an assignment. */
function snapshot(a: Assignment) {
  return {
    taskId: a.taskId,
    leadDepartmentId: a.leadDepartment.id,
    coDepartmentIds: a.coDepartments.map((d) => d.id),
    deadline: a.deadline,
    status: a.status,
    note: a.note,
    version: a.version,
  };
}

function alreadyAssigned(taskIds: string[]): DubanError {
  return new DubanError(
    ErrorCode.Conflict,
    `task(s) already assigned: ${taskIds.join(", ")}`,
    `任务已交办，不能重复交办：${taskIds.join("，")}`,
    { target: taskIds[0], taskIds },
  );
}

/**
 * Checks lead and co-departments: they exist, differ, lie in the actor's region and in the task's region
 * (when the task has one). Returns the co-department ids without duplicates.
 */
export async function checkDepartments(
  q: Q,
  actor: Actor,
  leadId: string,
  coIds: string[],
  tasks: TaskForAssignment[],
): Promise<string[]> {
  const co = [...new Set(coIds)];
  if (co.includes(leadId))
    throw errors.invalid(
      "coDepartmentIds",
      "the lead department cannot also be a co-department",
      "牵头部门不能同时作为配合部门",
    );
  const all = [leadId, ...co];
  const found = new Map((await getDepartments(q, all)).map((d) => [d.id, d]));
  for (const id of all) {
    const d = found.get(id);
    if (!d) throw errors.notFound("department", id);
    if (!inRegion(actor, d.region_id)) throw errors.forbidden("the department is outside your region");
    for (const t of tasks)
      if (t.region_id !== null && d.region_id !== t.region_id)
        throw errors.invalid(
          id === leadId ? "leadDepartmentId" : "coDepartmentIds",
          `department ${d.name} belongs to another region than task ${t.id}`,
          `部门“${d.name}”与任务不属于同一地区`,
        );
  }
  return co;
}

async function loadTasks(q: Q, actor: Actor, taskIds: string[]): Promise<TaskForAssignment[]> {
  const unique = [...new Set(taskIds)];
  const tasks = new Map((await tasksForAssignment(q, unique)).map((t) => [t.id, t]));
  const out: TaskForAssignment[] = [];
  for (const id of unique) {
    const t = tasks.get(id);
    if (!t) throw errors.notFound("task", id);
    if (!inRegion(actor, t.region_id)) throw errors.forbidden("the task is outside your region");
    out.push(t);
  }
  const taken = await assignedTaskIds(q, unique);
  if (taken.length > 0) throw alreadyAssigned(taken);
  return out;
}

interface AssignSpec {
  leadDepartmentId: string;
  coDepartmentIds: string[];
  deadline?: string | null | undefined;
  note?: string | null | undefined;
  milestones?: { title: string; dueDate?: string | null | undefined }[] | undefined;
}

async function assignAll(ctx: AppContext, taskIds: string[], spec: AssignSpec, bulk: boolean) {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const now = ctx.now().toISOString();
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      const tasks = await loadTasks(tx, actor, taskIds);
      const co = await checkDepartments(tx, actor, spec.leadDepartmentId, spec.coDepartmentIds, tasks);
      const out: Assignment[] = [];
      for (const t of tasks) {
        const id = newId();
        const { rules, ackDue } = await rulesToday(tx, t.region_id, ctx.now());
        await insertAssignment(
          tx,
          {
            id,
            task_id: t.id,
            lead_department_id: spec.leadDepartmentId,
            deadline: spec.deadline === undefined ? t.deadline : spec.deadline,
            status: "assigned",
            note: spec.note ?? null,
            created_by: actor.id === "system" ? null : actor.id,
            created_at: now,
            updated_at: now,
            ack_due_date: ackDue,
            report_cycle: rules.reportCycle,
          },
          co,
        );
        const milestones: MilestoneRow[] = (spec.milestones ?? []).map((m) => ({
          id: newId(),
          assignment_id: id,
          title: m.title,
          due_date: m.dueDate ?? null,
          done_at: null,
        }));
        await insertMilestones(tx, milestones);
        await event(tx, ctx, {
          assignmentId: id,
          action: "assign",
          to: "assigned",
          detail: {
            leadDepartmentId: spec.leadDepartmentId,
            coDepartmentIds: co,
            ...(bulk ? { bulk: true } : {}),
          },
        });
        await recolour(tx, ctx, id);
        const a = await presentOne(tx, id, today(ctx));
        await audit({
          action: "assignment.create",
          entityType: "assignment",
          entityId: id,
          after: { ...snapshot(a), milestones: milestones.map(toMilestone), ...(bulk ? { bulk: true } : {}) },
        });
        out.push(a);
      }
      return out;
    });
  } catch (err) {
    // Two assignments of one task racing past the check: the unique index on task_id decides.
    if (isUniqueViolation(err)) throw alreadyAssigned(taskIds);
    throw err;
  }
}

/** Assigns a task to a lead department and co-departments (one assignment per task). */
export async function assignTask(
  ctx: AppContext,
  taskId: string,
  input: CreateAssignmentBody,
): Promise<Assignment> {
  const [a] = await assignAll(ctx, [taskId], input, false);
  return a as Assignment;
}

/** Assigns many tasks to the same departments, in one transaction: all or none. */
export async function bulkAssign(ctx: AppContext, input: BulkAssignBody): Promise<Assignment[]> {
  return assignAll(ctx, input.taskIds, input, true);
}

/** Assignments the actor may see, newest first. */
export async function listAssignments(
  ctx: AppContext,
  query: AssignmentListQuery,
): Promise<{ items: Assignment[]; nextCursor: string | null }> {
  const scope = assignmentScope(ctx.actor);
  if (!scope) return { items: [], nextCursor: null };
  const day = today(ctx);
  const rows = await listAssignmentRows(
    ctx.db.kysely,
    {
      departmentId: query.departmentId,
      status: query.status,
      filterRegionIds:
        query.regionId === undefined ? undefined : await regionAndDescendants(ctx.db.kysely, query.regionId),
      dueBefore: query.dueBefore,
      overdueOn: query.overdue ? day : undefined,
      colour: query.colour,
      before: decodeCursor(query.cursor),
      limit: query.limit + 1,
    },
    scope,
  );
  const { rows: page, nextCursor } = splitPage(rows, query.limit);
  return {
    items: await present(ctx.db.kysely, page, day),
    nextCursor,
  };
}

/** One assignment with its task, report, departments, milestones and progress history. */
export async function getAssignmentDetail(ctx: AppContext, id: string): Promise<AssignmentDetail> {
  const q = ctx.db.kysely;
  const row = await visibleAssignment(q, ctx.actor, id);
  const [a] = await present(q, [row], today(ctx));
  const history = await progressHistory(q, id, { limit: 100 });
  const actor = ctx.actor;
  const actions = actor ? allowedActions(row.status, await standingOf(q, actor, row)) : [];
  return {
    ...(a as Assignment),
    task: {
      id: row.task_id,
      text: row.task_text,
      groupName: row.task_group,
      deadline: row.task_deadline,
      reportId: row.report_id,
      reportTitle: row.report_title,
    },
    milestones: (await milestonesOf(q, id)).map(toMilestone),
    progress: history.items,
    extensions: (await extensionsOf(q, id)).map(presentExtension),
    actions,
  };
}

/** Changes departments, deadline, note or status; names the version it read. */
export async function updateAssignment(
  ctx: AppContext,
  id: string,
  input: UpdateAssignmentBody,
): Promise<Assignment> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const now = ctx.now().toISOString();
  return inTransaction(ctx, async (tx, audit) => {
    const row = await visibleAssignment(tx, actor, id);
    const before = await presentOne(tx, id, today(ctx));
    if (row.version !== input.version) throw errors.conflict("assignment", id);
    const lead = input.leadDepartmentId ?? row.lead_department_id;
    const coIds = input.coDepartmentIds ?? before.coDepartments.map((d) => d.id);
    let co = coIds;
    if (input.leadDepartmentId !== undefined || input.coDepartmentIds !== undefined) {
      const [task] = await tasksForAssignment(tx, [row.task_id]);
      co = await checkDepartments(tx, actor, lead, coIds, task ? [task] : []);
    }
    const set: Parameters<typeof updateAssignmentRow>[3] = { updated_at: now };
    if (input.leadDepartmentId !== undefined) set.lead_department_id = input.leadDepartmentId;
    if (input.deadline !== undefined) set.deadline = input.deadline;
    if (input.note !== undefined) set.note = input.note;
    if (input.status !== undefined) set.status = input.status;
    if (!(await updateAssignmentRow(tx, id, input.version, set))) throw errors.conflict("assignment", id);
    if (input.coDepartmentIds !== undefined) await setCoDepartments(tx, id, co);
    const changed = (["status", "deadline", "leadDepartmentId"] as const).filter(
      (k) =>
        input[k] !== undefined && input[k] !== (k === "leadDepartmentId" ? row.lead_department_id : row[k]),
    );
    if (changed.length > 0) {
      await event(tx, ctx, {
        assignmentId: id,
        action: "update",
        from: row.status,
        to: input.status ?? row.status,
        detail: Object.fromEntries(
          changed.map((k) => [
            k,
            { from: k === "leadDepartmentId" ? row.lead_department_id : row[k], to: input[k] },
          ]),
        ),
      });
      await recolour(tx, ctx, id);
    }
    const after = await presentOne(tx, id, today(ctx));
    await audit({
      action: "assignment.update",
      entityType: "assignment",
      entityId: id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}
