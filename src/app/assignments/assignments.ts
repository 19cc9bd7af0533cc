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
import { decodeCursor, encodeCursor } from "../../contract/api/common.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
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
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { inRegion, requireRole } from "../guard.js";
import { progressHistory } from "../progress/progress.js";
import { assignmentScope, scopeFor } from "./scope.js";

type Q = Db["kysely"] | Tx;

export const CLOSED_STATUSES: AssignmentStatus[] = ["done", "closed"];

export function today(ctx: AppContext): string {
  return ctx.now().toISOString().slice(0, 10);
}

export function toMilestone(m: MilestoneRow): Milestone {
  return { id: m.id, assignmentId: m.assignment_id, title: m.title, dueDate: m.due_date, doneAt: m.done_at };
}

function toAssignment(row: AssignmentListRow, co: DepartmentRef[], day: string): Assignment {
  const status = row.status as AssignmentStatus;
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
async function checkDepartments(
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
      before: decodeCursor(query.cursor),
      limit: query.limit + 1,
    },
    scope,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await present(ctx.db.kysely, page, day),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
  };
}

/** One assignment with its task, report, departments, milestones and progress history. */
export async function getAssignmentDetail(ctx: AppContext, id: string): Promise<AssignmentDetail> {
  const q = ctx.db.kysely;
  const row = await visibleAssignment(q, ctx.actor, id);
  const [a] = await present(q, [row], today(ctx));
  const history = await progressHistory(q, id, { limit: 100 });
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
