import type { Insertable, Kysely } from "kysely";
import type { AssignmentEventsTable, Database } from "../schema.js";

type Q = Kysely<Database>;

/** Statuses in which reminders and escalation apply. */
const ACTIVE = ["assigned", "in_progress"];
const IN_CHUNK = 500;

/** A page of open assignments with their task and lead department, by id. */
export async function openAssignmentsPage(q: Q, after: string | null, limit: number) {
  let qb = q
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("departments as lead", "lead.id", "assignments.lead_department_id")
    .select([
      "assignments.id",
      "assignments.status",
      "assignments.deadline",
      "assignments.created_at",
      "assignments.ack_due_date",
      "assignments.acknowledged_at",
      "assignments.report_cycle",
      "assignments.report_day",
      "assignments.escalation_level",
      "assignments.lead_department_id",
      "lead.name as department_name",
      "tasks.text as task_text",
      "tasks.region_id",
    ])
    .where("assignments.status", "in", ACTIVE);
  if (after !== null) qb = qb.where("assignments.id", ">", after);
  return qb.orderBy("assignments.id").limit(limit).execute();
}
export type OpenAssignmentRow = Awaited<ReturnType<typeof openAssignmentsPage>>[number];

async function chunked<T>(ids: string[], fn: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await fn(ids.slice(i, i + IN_CHUNK))));
  return out;
}

export async function milestonesOfMany(q: Q, assignmentIds: string[]) {
  return chunked(assignmentIds, (ids) =>
    q
      .selectFrom("milestones")
      .select(["id", "assignment_id", "title", "due_date", "done_at"])
      .where("assignment_id", "in", ids)
      .execute(),
  );
}

/** Periods answered by a report that was not returned (a returned one must be made again). */
export async function reportedPeriodsOfMany(q: Q, assignmentIds: string[]) {
  return chunked(assignmentIds, (ids) =>
    q
      .selectFrom("progress_entries")
      .select(["assignment_id", "period_key"])
      .distinct()
      .where("assignment_id", "in", ids)
      .where("period_key", "is not", null)
      .where("review_status", "!=", "returned")
      .execute(),
  );
}

/** Everyone and everything reminders go to: department users, heads, supervisors, enabled channels. */
export async function loadDirectory(q: Q) {
  const [users, heads, channels] = await Promise.all([
    q
      .selectFrom("users")
      .select(["id", "display_name", "email", "role", "region_id", "department_id"])
      .where("disabled", "=", 0)
      .where("role", "in", ["department", "supervisor"])
      .execute(),
    q
      .selectFrom("departments")
      .innerJoin("users", "users.id", "departments.head_user_id")
      .select(["departments.id as department_id", "users.id", "users.display_name", "users.email"])
      .where("users.disabled", "=", 0)
      .execute(),
    q
      .selectFrom("notification_channels")
      .select(["id", "kind", "target", "region_id", "department_id"])
      .where("enabled", "=", 1)
      .execute(),
  ]);
  return { users, heads, channels };
}

export async function loadRulesAndCalendar(q: Q) {
  const [rules, days, regions] = await Promise.all([
    q.selectFrom("supervision_rules").select(["region_id", "effective_from", "rules"]).execute(),
    q.selectFrom("calendar_days").select(["day", "kind", "name"]).execute(),
    q.selectFrom("regions").select(["id", "parent_id", "name"]).execute(),
  ]);
  return { rules, days, regions };
}

/**
 * Moves escalation_level from `from` to `to`; false when another process moved it first. The version stays:
 * escalation is the system's mark, and bumping it would turn a department's concurrent 签收 into a 409.
 */
export async function setEscalationLevel(q: Q, id: string, from: number, to: number): Promise<boolean> {
  const r = await q
    .updateTable("assignments")
    .set({ escalation_level: to })
    .where("id", "=", id)
    .where("escalation_level", "=", from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAssignmentEvent(q: Q, row: Insertable<AssignmentEventsTable>): Promise<void> {
  await q.insertInto("assignment_events").values(row).execute();
}
