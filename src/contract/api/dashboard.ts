import { z } from "zod";
import { AssignmentStatus, DepartmentRef } from "./assignments.js";

/** One assignment in a dashboard list (overdue, due soon), enough to show it and open it. */
export const DashboardItem = z
  .object({
    assignmentId: z.string(),
    taskId: z.string(),
    taskText: z.string(),
    reportId: z.string(),
    leadDepartment: DepartmentRef,
    deadline: z.iso.date(),
    status: AssignmentStatus,
    percent: z.number().int().nullable(),
  })
  .meta({ id: "DashboardItem" });
export type DashboardItem = z.infer<typeof DashboardItem>;

export const DepartmentProgress = z
  .object({
    department: DepartmentRef,
    /** Assignments the department leads. */
    assignments: z.number().int(),
    done: z.number().int(),
    overdue: z.number().int(),
    /** Mean of the latest reported percent (0 before the first report, 100 when done or closed). */
    averagePercent: z.number(),
  })
  .meta({ id: "DepartmentProgress" });
export type DepartmentProgress = z.infer<typeof DepartmentProgress>;

export const DashboardSummary = z
  .object({
    /** The day the figures are computed for (YYYY-MM-DD, Asia/Shanghai). */
    asOf: z.iso.date(),
    dueSoonDays: z.number().int(),
    tasks: z.object({ total: z.number().int(), unassigned: z.number().int() }),
    byStatus: z.array(z.object({ status: AssignmentStatus, count: z.number().int() })),
    totals: z.object({
      assignments: z.number().int(),
      done: z.number().int(),
      overdue: z.number().int(),
      dueSoon: z.number().int(),
      averagePercent: z.number(),
    }),
    byDepartment: z.array(DepartmentProgress),
    /** Overdue assignments, most overdue first (at most `limit`). */
    overdue: z.array(DashboardItem),
    /** Open assignments due today or in the next `dueSoonDays` days, soonest first (at most `limit`). */
    dueSoon: z.array(DashboardItem),
  })
  .meta({ id: "DashboardSummary" });
export type DashboardSummary = z.infer<typeof DashboardSummary>;

export const DashboardQuery = z.object({
  /** Narrow to a region and the regions below it. */
  regionId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;
