import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
} from "kysely";
import type { AssignmentsTable, Database, MilestonesTable } from "../schema.js";
import { regionIn } from "./regions.js";

type Q = Kysely<Database>;
export type AssignmentRecord = Selectable<AssignmentsTable>;
export type MilestoneRow = Selectable<MilestonesTable>;

/** Who may see what: a set of regions (the task's is one of them) and/or a department (lead or co-department). */
export interface AssignmentScope {
  regionIds?: readonly string[];
  departmentId?: string;
}

export interface AssignmentFilter {
  departmentId?: string | undefined;
  status?: string | undefined;
  /** The filtered region and every region below it. */
  filterRegionIds?: readonly string[] | undefined;
  /** Deadline on or before this ISO date. */
  dueBefore?: string | undefined;
  /** Overdue as of this ISO date: deadline before it and not done or closed. */
  overdueOn?: string | undefined;
  /** The colour the status engine last gave. */
  colour?: string | undefined;
  /** Cursor: ids below this one (newest first). */
  before?: string | undefined;
  limit: number;
}

/** An assignment with its task, report and lead department, its colour, and the latest progress percent. */
export interface AssignmentListRow extends AssignmentRecord {
  /** The colour the status engine last gave (green when never coloured) and why (JSON). */
  colour: string;
  colour_detail: string | null;
  task_text: string;
  task_deadline: string | null;
  task_group: string | null;
  report_id: string;
  report_title: string | null;
  region_id: string | null;
  plan_year: number | null;
  lead_name: string;
  lead_short_name: string | null;
  percent: number | null;
}

export interface TaskForAssignment {
  id: string;
  text: string;
  deadline: string | null;
  region_id: string | null;
  report_id: string;
}

export interface DepartmentLink {
  assignment_id: string;
  id: string;
  name: string;
  short_name: string | null;
}

type AEb = ExpressionBuilder<Database, "assignments" | "tasks" | "assignment_colours">;

function involves(eb: AEb, departmentId: string): Expression<SqlBool> {
  return eb.or([
    eb("assignments.lead_department_id", "=", departmentId),
    eb(
      "assignments.id",
      "in",
      eb
        .selectFrom("assignment_departments")
        .select("assignment_id")
        .where("department_id", "=", departmentId),
    ),
  ]);
}

/** No colour row: never coloured, which reads as green. */
const colourOf = (eb: AEb) => eb.fn.coalesce("assignment_colours.colour", sql.lit("green"));

function conditions(eb: AEb, scope: AssignmentScope, f: Partial<AssignmentFilter> = {}): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [];
  if (scope.regionIds !== undefined) c.push(regionIn("tasks.region_id", scope.regionIds));
  if (scope.departmentId !== undefined) c.push(involves(eb, scope.departmentId));
  if (f.departmentId !== undefined) c.push(involves(eb, f.departmentId));
  if (f.filterRegionIds !== undefined) c.push(regionIn("tasks.region_id", f.filterRegionIds));
  if (f.status !== undefined) c.push(eb("assignments.status", "=", f.status));
  if (f.dueBefore !== undefined) c.push(eb("assignments.deadline", "<=", f.dueBefore));
  if (f.overdueOn !== undefined) {
    c.push(eb("assignments.deadline", "<", f.overdueOn));
    c.push(eb("assignments.status", "not in", ["done", "closed"]));
  }
  if (f.colour !== undefined) c.push(eb(colourOf(eb), "=", f.colour));
  if (f.before !== undefined) c.push(eb("assignments.id", "<", f.before));
  // An empty list is `1 = 1` on both databases.
  return eb.and(c);
}

function baseQuery(q: Q) {
  return q
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("reports", "reports.id", "tasks.report_id")
    .innerJoin("departments as lead", "lead.id", "assignments.lead_department_id")
    .leftJoin("assignment_colours", "assignment_colours.assignment_id", "assignments.id")
    .selectAll("assignments")
    .select((eb) => [
      colourOf(eb).as("colour"),
      "assignment_colours.detail as colour_detail",
      "tasks.text as task_text",
      "tasks.deadline as task_deadline",
      "tasks.group_name as task_group",
      "tasks.report_id as report_id",
      "reports.title as report_title",
      "tasks.region_id as region_id",
      "tasks.plan_year as plan_year",
      "lead.name as lead_name",
      "lead.short_name as lead_short_name",
      eb
        .selectFrom("progress_entries")
        .select("progress_entries.percent")
        .whereRef("progress_entries.assignment_id", "=", "assignments.id")
        // A report returned in review no longer counts.
        .where("progress_entries.review_status", "<>", "returned")
        .orderBy("progress_entries.id", "desc")
        .limit(1)
        .as("percent"),
    ]);
}

/** One assignment, or undefined when it does not exist or lies outside the scope. */
export async function getAssignment(
  q: Q,
  id: string,
  scope: AssignmentScope = {},
): Promise<AssignmentListRow | undefined> {
  return baseQuery(q)
    .where((eb) => eb.and([eb("assignments.id", "=", id), conditions(eb, scope)]))
    .executeTakeFirst();
}

/** A page of assignments, newest first. */
export async function listAssignments(
  q: Q,
  filter: AssignmentFilter,
  scope: AssignmentScope,
): Promise<AssignmentListRow[]> {
  return baseQuery(q)
    .where((eb) => conditions(eb, scope, filter))
    .orderBy("assignments.id", "desc")
    .limit(filter.limit)
    .execute();
}

export async function tasksForAssignment(q: Q, ids: string[]): Promise<TaskForAssignment[]> {
  if (ids.length === 0) return [];
  return q
    .selectFrom("tasks")
    .select(["id", "text", "deadline", "region_id", "report_id"])
    .where("id", "in", ids)
    .execute();
}

/** Ids of the given tasks that already have an assignment. */
export async function assignedTaskIds(q: Q, taskIds: string[]): Promise<string[]> {
  if (taskIds.length === 0) return [];
  const rows = await q.selectFrom("assignments").select("task_id").where("task_id", "in", taskIds).execute();
  return rows.map((r) => r.task_id);
}

export async function insertAssignment(
  q: Q,
  row: Omit<Insertable<AssignmentsTable>, "version">,
  coDepartmentIds: string[],
): Promise<void> {
  await q
    .insertInto("assignments")
    .values({ ...row, version: 1 })
    .execute();
  await setCoDepartments(q, row.id, coDepartmentIds);
}

export async function setCoDepartments(q: Q, assignmentId: string, departmentIds: string[]): Promise<void> {
  await q.deleteFrom("assignment_departments").where("assignment_id", "=", assignmentId).execute();
  if (departmentIds.length > 0)
    await q
      .insertInto("assignment_departments")
      .values(departmentIds.map((department_id) => ({ assignment_id: assignmentId, department_id })))
      .execute();
}

export async function coDepartmentsOf(q: Q, assignmentIds: string[]): Promise<DepartmentLink[]> {
  if (assignmentIds.length === 0) return [];
  return q
    .selectFrom("assignment_departments")
    .innerJoin("departments", "departments.id", "assignment_departments.department_id")
    .select([
      "assignment_departments.assignment_id",
      "departments.id",
      "departments.name",
      "departments.short_name",
    ])
    .where("assignment_departments.assignment_id", "in", assignmentIds)
    .orderBy("departments.name")
    .execute();
}

/** Updates an assignment if it still has `version`; false when someone changed it first. */
export async function updateAssignment(
  q: Q,
  id: string,
  version: number,
  set: Partial<Pick<AssignmentRecord, "lead_department_id" | "deadline" | "note" | "status">> & {
    updated_at: string;
  },
): Promise<boolean> {
  const r = await q
    .updateTable("assignments")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** assigned → in_progress on the first progress report; returns whether it moved. */
export async function startAssignment(q: Q, id: string, now: string): Promise<boolean> {
  const r = await q
    .updateTable("assignments")
    .set((eb) => ({ status: "in_progress", updated_at: now, version: eb("version", "+", 1) }))
    .where("id", "=", id)
    .where("status", "=", "assigned")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertMilestones(q: Q, rows: MilestoneRow[]): Promise<void> {
  if (rows.length > 0) await q.insertInto("milestones").values(rows).execute();
}

export async function getMilestone(q: Q, id: string): Promise<MilestoneRow | undefined> {
  return q.selectFrom("milestones").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function milestonesOf(q: Q, assignmentId: string): Promise<MilestoneRow[]> {
  return q
    .selectFrom("milestones")
    .selectAll()
    .where("assignment_id", "=", assignmentId)
    .orderBy("id")
    .execute();
}

export async function updateMilestone(
  q: Q,
  id: string,
  set: Partial<Pick<MilestoneRow, "title" | "due_date" | "done_at">>,
): Promise<void> {
  await q.updateTable("milestones").set(set).where("id", "=", id).execute();
}
