import type { AssignmentStatus } from "../../contract/api/assignments.js";
import type { DashboardItem, DashboardQuery, DashboardSummary } from "../../contract/api/dashboard.js";
import {
  type DashboardScope,
  type DueRow,
  departmentStats,
  openByDeadline,
  statusCounts,
  taskCounts,
} from "../../db/repos/dashboard.js";
import { regionAndDescendants } from "../../db/repos/regions.js";
import { CLOSED_STATUSES, today } from "../assignments/assignments.js";
import type { AppContext } from "../context.js";
import { regionScope, requireRole } from "../guard.js";

export const DUE_SOON_DAYS = 14;

function addDays(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function item(r: DueRow): DashboardItem {
  return {
    assignmentId: r.id,
    taskId: r.task_id,
    taskText: r.task_text,
    reportId: r.report_id,
    leadDepartment: { id: r.lead_department_id, name: r.lead_name, shortName: r.lead_short_name },
    deadline: r.deadline,
    status: r.status as AssignmentStatus,
    percent: r.percent,
  };
}

/**
 * The supervisor's dashboard: tasks and assignments by status, per lead department (assignments, finished,
 * overdue, average percent), and the overdue and due-soon (next 14 days) lists. Supervisors and viewers see
 * their region and the regions below it; department users have their workspace instead.
 */
export async function dashboardSummary(ctx: AppContext, query: DashboardQuery): Promise<DashboardSummary> {
  const actor = requireRole(ctx.actor, "admin", "supervisor", "viewer");
  const q = ctx.db.kysely;
  const scope: DashboardScope = {
    regionIds: regionScope(actor),
    filterRegionIds: query.regionId === undefined ? undefined : await regionAndDescendants(q, query.regionId),
  };
  const day = today(ctx);
  const [tasks, byStatus, departments, overdue, dueSoon] = await Promise.all([
    taskCounts(q, scope),
    statusCounts(q, scope),
    departmentStats(q, scope, day, CLOSED_STATUSES),
    openByDeadline(q, scope, { to: day, toExclusive: true }, CLOSED_STATUSES, query.limit),
    openByDeadline(q, scope, { from: day, to: addDays(day, DUE_SOON_DAYS) }, CLOSED_STATUSES, query.limit),
  ]);
  const assignments = departments.reduce((n, d) => n + d.assignments, 0);
  const percentSum = departments.reduce((n, d) => n + d.avg_percent * d.assignments, 0);
  return {
    asOf: day,
    dueSoonDays: DUE_SOON_DAYS,
    tasks,
    byStatus: byStatus.map((s) => ({ status: s.status as AssignmentStatus, count: s.count })),
    totals: {
      assignments,
      done: departments.reduce((n, d) => n + d.done, 0),
      overdue: overdue.total,
      dueSoon: dueSoon.total,
      averagePercent: assignments === 0 ? 0 : Math.round((percentSum / assignments) * 10) / 10,
    },
    byDepartment: departments.map((d) => ({
      department: { id: d.id, name: d.name, shortName: d.short_name },
      assignments: d.assignments,
      done: d.done,
      overdue: d.overdue,
      averagePercent: Math.round(d.avg_percent * 10) / 10,
    })),
    overdue: overdue.rows.map(item),
    dueSoon: dueSoon.rows.map(item),
  };
}
