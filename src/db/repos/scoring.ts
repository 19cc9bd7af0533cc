import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
} from "kysely";
import type { Database, QualityRatingsTable, ScoringRubricsTable } from "../schema.js";
import { regionIn } from "./regions.js";

type Q = Kysely<Database>;
export type RubricRow = Selectable<ScoringRubricsTable>;
export type QualityRatingRow = Selectable<QualityRatingsTable>;

// ---- rubrics -------------------------------------------------------------------------------------------

/** The newest version of each given scope's rubric for the year ("*" is the everywhere scope). */
export async function latestRubrics(q: Q, scopes: readonly string[], year: number): Promise<RubricRow[]> {
  if (scopes.length === 0) return [];
  const rows = await q
    .selectFrom("scoring_rubrics")
    .selectAll()
    .where("scope", "in", scopes)
    .where("year", "=", year)
    .orderBy("version", "desc")
    .execute();
  const latest = new Map<string, RubricRow>();
  for (const r of rows) if (!latest.has(r.scope)) latest.set(r.scope, r);
  return [...latest.values()];
}

/** Every version of one scope's rubric for the year, newest first. */
export async function rubricVersions(q: Q, scope: string, year: number): Promise<RubricRow[]> {
  return q
    .selectFrom("scoring_rubrics")
    .selectAll()
    .where("scope", "=", scope)
    .where("year", "=", year)
    .orderBy("version", "desc")
    .execute();
}

export async function insertRubric(q: Q, row: Insertable<ScoringRubricsTable>): Promise<void> {
  await q.insertInto("scoring_rubrics").values(row).execute();
}

// ---- quality ratings -----------------------------------------------------------------------------------

export async function getQualityRating(q: Q, assignmentId: string): Promise<QualityRatingRow | undefined> {
  return q
    .selectFrom("quality_ratings")
    .selectAll()
    .where("assignment_id", "=", assignmentId)
    .executeTakeFirst();
}

export async function insertQualityRating(q: Q, row: Insertable<QualityRatingsTable>): Promise<void> {
  await q.insertInto("quality_ratings").values(row).execute();
}

/** Changes a rating if it still has `version`; false when someone changed it first. */
export async function updateQualityRating(
  q: Q,
  assignmentId: string,
  version: number,
  set: Pick<QualityRatingRow, "level" | "reason" | "rated_by" | "rated_at">,
): Promise<boolean> {
  const r = await q
    .updateTable("quality_ratings")
    .set({ ...set, version: version + 1 })
    .where("assignment_id", "=", assignmentId)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- what scores and documents read ---------------------------------------------------------------------

/**
 * Which assignments a score or document covers: those of tasks (of reports not deleted) in the regions,
 * optionally only those a department leads or co-operates on.
 */
export interface DocumentScope {
  regionIds: readonly string[] | null;
  departmentId?: string | undefined;
}

type Eb = ExpressionBuilder<Database, "assignments" | "tasks" | "reports">;

function inScope(eb: Eb, scope: DocumentScope): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [eb("reports.deleted_at", "is", null)];
  if (scope.regionIds !== null) c.push(regionIn("tasks.region_id", scope.regionIds));
  if (scope.departmentId !== undefined)
    c.push(
      eb.or([
        eb("assignments.lead_department_id", "=", scope.departmentId),
        eb(
          "assignments.id",
          "in",
          eb
            .selectFrom("assignment_departments")
            .select("assignment_id")
            .where("department_id", "=", scope.departmentId),
        ),
      ]),
    );
  return eb.and(c);
}

function scoped(q: Q, scope: DocumentScope) {
  return q
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("reports", "reports.id", "tasks.report_id")
    .where((eb) => inScope(eb, scope));
}

export interface ScopedAssignmentRow {
  id: string;
  task_id: string;
  task_text: string;
  task_group: string | null;
  start_pos: number;
  report_id: string;
  region_id: string | null;
  lead_department_id: string;
  deadline: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  ack_due_date: string | null;
  acknowledged_at: string | null;
  closed_at: string | null;
  colour: string;
}

/** The assignments in scope, in the order a ledger lists them: report, then the task's place in it. */
export async function scopedAssignments(q: Q, scope: DocumentScope): Promise<ScopedAssignmentRow[]> {
  return scoped(q, scope)
    .leftJoin("assignment_colours", "assignment_colours.assignment_id", "assignments.id")
    .select((eb) => [
      "assignments.id",
      "assignments.task_id",
      "tasks.text as task_text",
      "tasks.group_name as task_group",
      "tasks.start_pos",
      "tasks.report_id",
      "tasks.region_id",
      "assignments.lead_department_id",
      "assignments.deadline",
      "assignments.status",
      "assignments.created_at",
      "assignments.updated_at",
      "assignments.ack_due_date",
      "assignments.acknowledged_at",
      "assignments.closed_at",
      // No colour row: never coloured, which reads as green.
      eb.fn.coalesce("assignment_colours.colour", sql.lit("green")).as("colour"),
    ])
    .orderBy("tasks.report_id")
    .orderBy("tasks.start_pos")
    .orderBy("assignments.id")
    .execute();
}

export async function scopedCoDepartments(
  q: Q,
  scope: DocumentScope,
): Promise<{ assignment_id: string; department_id: string }[]> {
  return scoped(q, scope)
    .innerJoin("assignment_departments", "assignment_departments.assignment_id", "assignments.id")
    .select(["assignment_departments.assignment_id", "assignment_departments.department_id"])
    .execute();
}

/** Every progress report in scope, oldest first: the latest one as of a day gives the percent. */
export async function scopedProgress(
  q: Q,
  scope: DocumentScope,
): Promise<
  {
    id: string;
    assignment_id: string;
    percent: number;
    text: string;
    created_at: string;
    review_status: string;
    reviewed_at: string | null;
  }[]
> {
  return scoped(q, scope)
    .innerJoin("progress_entries", "progress_entries.assignment_id", "assignments.id")
    .select([
      "progress_entries.id",
      "progress_entries.assignment_id",
      "progress_entries.percent",
      "progress_entries.text",
      "progress_entries.created_at",
      "progress_entries.review_status",
      "progress_entries.reviewed_at",
    ])
    .orderBy("progress_entries.id")
    .execute();
}

export async function scopedApprovedExtensions(
  q: Q,
  scope: DocumentScope,
): Promise<
  {
    assignment_id: string;
    current_deadline: string | null;
    requested_deadline: string;
    decided_at: string | null;
    created_at: string;
  }[]
> {
  return scoped(q, scope)
    .innerJoin("extension_requests", "extension_requests.assignment_id", "assignments.id")
    .where("extension_requests.status", "=", "approved")
    .select([
      "extension_requests.assignment_id",
      "extension_requests.current_deadline",
      "extension_requests.requested_deadline",
      "extension_requests.decided_at",
      "extension_requests.created_at",
    ])
    .orderBy("extension_requests.id")
    .execute();
}

export async function scopedQualityRatings(q: Q, scope: DocumentScope): Promise<QualityRatingRow[]> {
  return scoped(q, scope)
    .innerJoin("quality_ratings", "quality_ratings.assignment_id", "assignments.id")
    .selectAll("quality_ratings")
    .execute();
}

export async function scopedMilestones(
  q: Q,
  scope: DocumentScope,
): Promise<{ assignment_id: string; due_date: string | null; done_at: string | null }[]> {
  return scoped(q, scope)
    .innerJoin("milestones", "milestones.assignment_id", "assignments.id")
    .select(["milestones.assignment_id", "milestones.due_date", "milestones.done_at"])
    .execute();
}

export interface ScopedEventRow {
  assignment_id: string;
  at: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  detail: string | null;
  actor_name: string | null;
}

/** The task history (assignment_events) in scope, oldest first per assignment. */
export async function scopedEvents(q: Q, scope: DocumentScope): Promise<ScopedEventRow[]> {
  return scoped(q, scope)
    .innerJoin("assignment_events", "assignment_events.assignment_id", "assignments.id")
    .leftJoin("users", "users.id", "assignment_events.actor_id")
    .select([
      "assignment_events.assignment_id",
      "assignment_events.at",
      "assignment_events.action",
      "assignment_events.from_state",
      "assignment_events.to_state",
      "assignment_events.detail",
      "users.display_name as actor_name",
    ])
    .orderBy("assignment_events.assignment_id")
    .orderBy("assignment_events.at")
    .orderBy("assignment_events.id")
    .execute();
}

/** Departments by id, with names, for the ones a score or document mentions. */
export async function departmentNames(
  q: Q,
  ids: readonly string[],
): Promise<{ id: string; name: string; short_name: string | null }[]> {
  if (ids.length === 0) return [];
  const out: { id: string; name: string; short_name: string | null }[] = [];
  // Bounded IN lists: a county has a few hundred departments, but a whole province may have thousands.
  for (let i = 0; i < ids.length; i += 1000)
    out.push(
      ...(await q
        .selectFrom("departments")
        .select(["id", "name", "short_name"])
        .where("id", "in", ids.slice(i, i + 1000))
        .execute()),
    );
  return out;
}
