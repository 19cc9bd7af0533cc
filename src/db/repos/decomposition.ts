import type { Kysely, Selectable } from "kysely";
import type { Database, DepartmentsTable, MilestonesTable } from "../schema.js";

type Q = Kysely<Database>;

/** A task of a report with its assignment (if any), lead department and latest progress percent. */
export interface DecompositionTaskRow {
  task_id: string;
  text: string;
  group_name: string | null;
  task_deadline: string | null;
  region_id: string | null;
  assignment_id: string | null;
  lead_department_id: string | null;
  lead_name: string | null;
  lead_short_name: string | null;
  deadline: string | null;
  status: string | null;
  version: number | null;
  percent: number | null;
}

/** Every task of the report in text order, each with its assignment columns (null when unassigned). */
export async function decompositionRows(q: Q, reportId: string): Promise<DecompositionTaskRow[]> {
  return q
    .selectFrom("tasks")
    .leftJoin("assignments", "assignments.task_id", "tasks.id")
    .leftJoin("departments as lead", "lead.id", "assignments.lead_department_id")
    .select((eb) => [
      "tasks.id as task_id",
      "tasks.text",
      "tasks.group_name",
      "tasks.deadline as task_deadline",
      "tasks.region_id",
      "assignments.id as assignment_id",
      "assignments.lead_department_id",
      "lead.name as lead_name",
      "lead.short_name as lead_short_name",
      "assignments.deadline",
      "assignments.status",
      "assignments.version",
      eb
        .selectFrom("progress_entries")
        .select("progress_entries.percent")
        .whereRef("progress_entries.assignment_id", "=", "assignments.id")
        .orderBy("progress_entries.id", "desc")
        .limit(1)
        .as("percent"),
    ])
    .where("tasks.report_id", "=", reportId)
    .orderBy("tasks.start_pos")
    .orderBy("tasks.id")
    .execute();
}

export interface CoDepartmentLink {
  assignment_id: string;
  id: string;
  name: string;
  short_name: string | null;
}

/** The co-departments of every assignment of the report's tasks, by name. */
export async function coDepartmentsOfReport(q: Q, reportId: string): Promise<CoDepartmentLink[]> {
  return q
    .selectFrom("assignment_departments")
    .innerJoin("assignments", "assignments.id", "assignment_departments.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("departments", "departments.id", "assignment_departments.department_id")
    .select([
      "assignment_departments.assignment_id",
      "departments.id",
      "departments.name",
      "departments.short_name",
    ])
    .where("tasks.report_id", "=", reportId)
    .orderBy("departments.name")
    .orderBy("departments.id")
    .execute();
}

/** The milestones of every assignment of the report's tasks, in creation order. */
export async function milestonesOfReport(q: Q, reportId: string): Promise<Selectable<MilestonesTable>[]> {
  return q
    .selectFrom("milestones")
    .innerJoin("assignments", "assignments.id", "milestones.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .selectAll("milestones")
    .where("tasks.report_id", "=", reportId)
    .orderBy("milestones.id")
    .execute();
}

/** The departments a region's tasks may be assigned to (all departments when the tasks have no region). */
export async function departmentsOfRegion(
  q: Q,
  regionId: string | null,
): Promise<Selectable<DepartmentsTable>[]> {
  let query = q.selectFrom("departments").selectAll();
  if (regionId !== null) query = query.where("region_id", "=", regionId);
  return query.orderBy("name").orderBy("id").execute();
}
