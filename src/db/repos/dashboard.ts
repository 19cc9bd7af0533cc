import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import type { Database } from "../schema.js";
import { regionIn } from "./regions.js";

type Q = Kysely<Database>;

/**
 * The supervisor's dashboard, aggregated in SQL on both databases. Everything counts assignments of tasks of
 * reports that are not deleted, within the regions given (null: all).
 */
export interface DashboardScope {
  regionIds: readonly string[] | null;
  /** The filtered region and every region below it. */
  filterRegionIds?: readonly string[] | undefined;
}

type Eb = ExpressionBuilder<Database, "tasks" | "reports">;

function inScope(eb: Eb, scope: DashboardScope): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [eb("reports.deleted_at", "is", null)];
  if (scope.regionIds !== null) c.push(regionIn("tasks.region_id", scope.regionIds));
  if (scope.filterRegionIds !== undefined) c.push(regionIn("tasks.region_id", scope.filterRegionIds));
  return eb.and(c);
}

function assignmentsInScope(q: Q, scope: DashboardScope) {
  return q
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("reports", "reports.id", "tasks.report_id")
    .where((eb) => inScope(eb, scope));
}

export async function taskCounts(
  q: Q,
  scope: DashboardScope,
): Promise<{ total: number; unassigned: number }> {
  const row = await q
    .selectFrom("tasks")
    .innerJoin("reports", "reports.id", "tasks.report_id")
    .where((eb) => inScope(eb, scope))
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.exists(
                eb.selectFrom("assignments").select("id").whereRef("assignments.task_id", "=", "tasks.id"),
              ),
            )
            .then(eb.lit(0))
            .else(eb.lit(1))
            .end(),
        )
        .as("unassigned"),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), unassigned: Number(row.unassigned ?? 0) };
}

export async function statusCounts(
  q: Q,
  scope: DashboardScope,
): Promise<{ status: string; count: number }[]> {
  const rows = await assignmentsInScope(q, scope)
    .select((eb) => ["assignments.status", eb.fn.countAll<number>().as("n")])
    .groupBy("assignments.status")
    .orderBy("assignments.status")
    .execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.n) }));
}

export interface DepartmentStatsRow {
  id: string;
  name: string;
  short_name: string | null;
  assignments: number;
  done: number;
  overdue: number;
  avg_percent: number;
}

/**
 * Per lead department: assignments, finished ones (`closed` statuses), overdue ones as of `day`, and the mean
 * of the latest reported percent (0 before the first report, 100 once finished).
 */
export async function departmentStats(
  q: Q,
  scope: DashboardScope,
  day: string,
  closed: readonly string[],
): Promise<DepartmentStatsRow[]> {
  const latest = assignmentsInScope(q, scope).select((eb) => [
    "assignments.id",
    "assignments.lead_department_id",
    "assignments.status",
    "assignments.deadline",
    eb
      .selectFrom("progress_entries")
      .select("progress_entries.percent")
      .whereRef("progress_entries.assignment_id", "=", "assignments.id")
      .orderBy("progress_entries.id", "desc")
      .limit(1)
      .as("percent"),
  ]);
  const rows = await q
    .selectFrom(latest.as("x"))
    .innerJoin("departments as d", "d.id", "x.lead_department_id")
    .select((eb) => {
      const finished = eb("x.status", "in", [...closed]);
      return [
        "d.id",
        "d.name",
        "d.short_name",
        eb.fn.countAll<number>().as("assignments"),
        eb.fn.sum<number>(eb.case().when(finished).then(eb.lit(1)).else(eb.lit(0)).end()).as("done"),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb("x.deadline", "<", day), eb.not(finished)]))
              .then(eb.lit(1))
              .else(eb.lit(0))
              .end(),
          )
          .as("overdue"),
        eb.fn
          .avg<number>(
            eb
              .case()
              .when(finished)
              .then(eb.lit(100))
              .else(eb.fn.coalesce("x.percent", eb.lit(0)))
              .end(),
          )
          .as("avg_percent"),
      ];
    })
    .groupBy(["d.id", "d.name", "d.short_name"])
    .orderBy("d.name")
    .orderBy("d.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    short_name: r.short_name,
    assignments: Number(r.assignments),
    done: Number(r.done ?? 0),
    overdue: Number(r.overdue ?? 0),
    avg_percent: Number(r.avg_percent ?? 0),
  }));
}

export interface DueRow {
  id: string;
  task_id: string;
  task_text: string;
  report_id: string;
  lead_department_id: string;
  lead_name: string;
  lead_short_name: string | null;
  deadline: string;
  status: string;
  percent: number | null;
}

/** Open assignments with a deadline in [from, to] (either end open), earliest deadline first. */
export async function openByDeadline(
  q: Q,
  scope: DashboardScope,
  range: { from?: string; to?: string; toExclusive?: boolean },
  closed: readonly string[],
  limit: number,
): Promise<{ rows: DueRow[]; total: number }> {
  const where = (eb: ExpressionBuilder<Database, "assignments">) => {
    const c: Expression<SqlBool>[] = [
      eb("assignments.deadline", "is not", null),
      eb("assignments.status", "not in", [...closed]),
    ];
    if (range.from !== undefined) c.push(eb("assignments.deadline", ">=", range.from));
    if (range.to !== undefined) c.push(eb("assignments.deadline", range.toExclusive ? "<" : "<=", range.to));
    return eb.and(c);
  };
  const rows = await assignmentsInScope(q, scope)
    .innerJoin("departments as lead", "lead.id", "assignments.lead_department_id")
    .where(where)
    .select((eb) => [
      "assignments.id",
      "assignments.task_id",
      "tasks.text as task_text",
      "tasks.report_id",
      "assignments.lead_department_id",
      "lead.name as lead_name",
      "lead.short_name as lead_short_name",
      "assignments.deadline",
      "assignments.status",
      eb
        .selectFrom("progress_entries")
        .select("progress_entries.percent")
        .whereRef("progress_entries.assignment_id", "=", "assignments.id")
        .orderBy("progress_entries.id", "desc")
        .limit(1)
        .as("percent"),
    ])
    .orderBy("assignments.deadline")
    .orderBy("assignments.id")
    .limit(limit)
    .execute();
  const count = await assignmentsInScope(q, scope)
    .where(where)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return {
    rows: rows.map((r) => ({
      ...r,
      deadline: r.deadline as string,
      percent: r.percent === null || r.percent === undefined ? null : Number(r.percent),
    })),
    total: Number(count.n),
  };
}
