import { z } from "zod";
import { PeriodKey } from "./scoring.js";

/**
 * 通报 (bulletin) of a region's period, as a model: the .docx and the web preview are both drawn from it, so
 * what the preview shows is what the document says. All text is plain; renderers escape it.
 */
export const BulletinQuery = z.object({ regionId: z.string().min(1).max(200), period: PeriodKey });
export type BulletinQuery = z.infer<typeof BulletinQuery>;

const Count = z.number().int();

export const BulletinDepartmentRow = z
  .object({
    departmentId: z.string(),
    name: z.string(),
    /** Assignments the department leads. */
    assigned: Count,
    closed: Count,
    overdue: Count,
    score: z.number(),
    rank: Count,
  })
  .meta({ id: "BulletinDepartmentRow" });
export type BulletinDepartmentRow = z.infer<typeof BulletinDepartmentRow>;

export const BulletinOverdueTask = z
  .object({
    assignmentId: z.string(),
    taskText: z.string(),
    leadDepartment: z.string(),
    /** The deadline as written, YYYY-MM-DD. */
    deadline: z.string(),
    daysOverdue: Count,
  })
  .meta({ id: "BulletinOverdueTask" });
export type BulletinOverdueTask = z.infer<typeof BulletinOverdueTask>;

export const BulletinModel = z
  .object({
    /** "示例县2026年第一季度重点任务督办情况通报" */
    title: z.string(),
    region: z.object({ id: z.string(), name: z.string() }),
    period: z.object({ key: z.string(), from: z.string(), to: z.string(), label: z.string() }),
    /** The day the figures hold on (YYYY-MM-DD). */
    asOf: z.string(),
    /** The day the bulletin was drawn up (YYYY-MM-DD). */
    issuedOn: z.string(),
    /** Who issues it: "示例县督查室". */
    issuer: z.string(),
    summary: z.object({
      /** Assignments given by `asOf`. */
      tasks: Count,
      closed: Count,
      /** Open and on schedule (green or blue). */
      onSchedule: Count,
      /** Open and behind 序时进度 or with a milestone overdue. */
      behind: Count,
      /** Open and past the deadline. */
      overdue: Count,
      /** 办结率: closed / tasks, percent with one decimal. */
      closedRate: z.number(),
    }),
    /** The opening paragraph, in Chinese, with the figures above. */
    lead: z.string(),
    /** By rank. */
    departments: z.array(BulletinDepartmentRow),
    /** Most overdue first. */
    overdue: z.array(BulletinOverdueTask),
    highlights: z.object({
      closedEarly: z.array(
        z.object({
          taskText: z.string(),
          leadDepartment: z.string(),
          daysEarly: Count,
          closedOn: z.string(),
        }),
      ),
      /** The best-ranked departments (rank 1, or the top three when ranks differ). */
      bestRanked: z.array(z.object({ name: z.string(), score: z.number(), rank: Count })),
    }),
    rubricVersion: Count,
  })
  .meta({ id: "BulletinModel" });
export type BulletinModel = z.infer<typeof BulletinModel>;

/** 台账: every assignment of a region (and below), or all the actor may see. */
export const LedgerQuery = z.object({ regionId: z.string().min(1).max(200).optional() });
export type LedgerQuery = z.infer<typeof LedgerQuery>;
