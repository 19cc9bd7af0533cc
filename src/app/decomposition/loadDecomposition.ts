import type { AssignmentStatus, DepartmentRef, Milestone } from "../../contract/api/assignments.js";
import type { Decomposition, DecompositionRow } from "../../contract/api/decomposition.js";
import { errors } from "../../core/errors.js";
import {
  coDepartmentsOfReport,
  decompositionRows,
  milestonesOfReport,
} from "../../db/repos/decomposition.js";
import { getReportSummary, type ReportSummaryRow } from "../../db/repos/reports.js";
import { CLOSED_STATUSES, today, toMilestone } from "../assignments/assignments.js";
import type { AppContext, Tx } from "../context.js";
import { requireRole } from "../guard.js";
import { canSeeReport, memberScope } from "../reports/access.js";

type Q = AppContext["db"]["kysely"] | Tx;

/** "示例县2025年政府工作报告重点任务分解表": what offices title the sheet. */
export function sheetTitle(report: Pick<ReportSummaryRow, "title" | "region_name" | "plan_year">): string {
  const title = report.title?.trim();
  if (title) return `${title.replace(/[（(].*[）)]$/u, "")}重点任务分解表`;
  const year = report.plan_year ? `${report.plan_year}年` : "";
  return `${report.region_name ?? ""}${year}政府工作报告重点任务分解表`;
}

/**
 * The report as the actor may see it, or 404. The 分解表 shows every department's assignments, so department
 * users (who see only their own) use their workspace instead.
 */
export async function visibleReportForDecomposition(
  ctx: AppContext,
  q: Q,
  reportId: string,
): Promise<ReportSummaryRow> {
  requireRole(ctx.actor, "admin", "supervisor", "viewer");
  const report = await getReportSummary(q, reportId);
  if (!report || !canSeeReport(memberScope(ctx), report)) throw errors.notFound("report", reportId);
  return report;
}

/** Every task of the report with its assignment, read within `q` (a transaction when importing). */
export async function readDecomposition(q: Q, report: ReportSummaryRow, day: string): Promise<Decomposition> {
  const [rows, co, milestones] = await Promise.all([
    decompositionRows(q, report.id),
    coDepartmentsOfReport(q, report.id),
    milestonesOfReport(q, report.id),
  ]);
  const coOf = new Map<string, DepartmentRef[]>();
  for (const l of co) {
    const list = coOf.get(l.assignment_id) ?? [];
    list.push({ id: l.id, name: l.name, shortName: l.short_name });
    coOf.set(l.assignment_id, list);
  }
  const msOf = new Map<string, Milestone[]>();
  for (const m of milestones) {
    const list = msOf.get(m.assignment_id) ?? [];
    list.push(toMilestone(m));
    msOf.set(m.assignment_id, list);
  }
  return {
    report: {
      id: report.id,
      title: report.title,
      regionId: report.region_id,
      regionName: report.region_name,
      planYear: report.plan_year,
    },
    sheetTitle: sheetTitle(report),
    rows: rows.map((r, i): DecompositionRow => {
      const status = r.status as AssignmentStatus | null;
      return {
        seq: i + 1,
        taskId: r.task_id,
        text: r.text,
        group: r.group_name,
        taskDeadline: r.task_deadline,
        assignment:
          r.assignment_id === null || r.lead_department_id === null || status === null
            ? null
            : {
                id: r.assignment_id,
                leadDepartment: {
                  id: r.lead_department_id,
                  name: r.lead_name ?? "",
                  shortName: r.lead_short_name,
                },
                coDepartments: coOf.get(r.assignment_id) ?? [],
                deadline: r.deadline,
                status,
                percent: r.percent === null || r.percent === undefined ? null : Number(r.percent),
                overdue: r.deadline !== null && r.deadline < day && !CLOSED_STATUSES.includes(status),
                milestones: msOf.get(r.assignment_id) ?? [],
                version: Number(r.version),
              },
      };
    }),
  };
}

/** GET /reports/:id/decomposition: the 分解表 of a report. */
export async function getDecomposition(ctx: AppContext, reportId: string): Promise<Decomposition> {
  const q = ctx.db.kysely;
  const report = await visibleReportForDecomposition(ctx, q, reportId);
  return readDecomposition(q, report, today(ctx));
}
