import { z } from "zod";
import { AssignmentStatus, DepartmentRef, Milestone } from "./assignments.js";

/**
 * The 分解表 of a report: every task with its assignment (牵头单位, 责任单位, 完成时限, milestones), and the
 * import of an edited 分解表 (preview, then apply all or nothing).
 */

export const DecompositionAssignment = z
  .object({
    id: z.string(),
    leadDepartment: DepartmentRef,
    coDepartments: z.array(DepartmentRef),
    deadline: z.iso.date().nullable(),
    status: AssignmentStatus,
    /** Percent of the latest progress report; null before the first. */
    percent: z.number().int().nullable(),
    overdue: z.boolean(),
    milestones: z.array(Milestone),
    version: z.number().int(),
  })
  .meta({ id: "DecompositionAssignment" });
export type DecompositionAssignment = z.infer<typeof DecompositionAssignment>;

export const DecompositionRow = z
  .object({
    /** 序号: position of the task in the report, from 1. */
    seq: z.number().int(),
    taskId: z.string(),
    text: z.string(),
    group: z.string().nullable(),
    /** The deadline the report states for the task (the assignment's default). */
    taskDeadline: z.string().nullable(),
    assignment: DecompositionAssignment.nullable(),
  })
  .meta({ id: "DecompositionRow" });
export type DecompositionRow = z.infer<typeof DecompositionRow>;

export const Decomposition = z
  .object({
    report: z.object({
      id: z.string(),
      title: z.string().nullable(),
      regionId: z.string().nullable(),
      regionName: z.string().nullable(),
      planYear: z.number().int().nullable(),
    }),
    /** "示例县2025年政府工作报告重点任务分解表": the title row of the exported sheet. */
    sheetTitle: z.string(),
    rows: z.array(DecompositionRow),
  })
  .meta({ id: "Decomposition" });
export type Decomposition = z.infer<typeof Decomposition>;

/** The columns of the sheet, as its header names them; errors name the column they concern. */
export const SheetColumn = z.enum([
  "序号",
  "重点任务",
  "牵头单位",
  "责任单位",
  "完成时限",
  "进度",
  "任务编号",
]);
export type SheetColumn = z.infer<typeof SheetColumn>;

export const AssignmentFields = z
  .object({
    leadDepartment: DepartmentRef,
    coDepartments: z.array(DepartmentRef),
    deadline: z.iso.date().nullable(),
  })
  .meta({ id: "AssignmentFields" });
export type AssignmentFields = z.infer<typeof AssignmentFields>;

export const ImportChange = z
  .object({
    /** Row number in the sheet (as Excel shows it). */
    row: z.number().int(),
    taskId: z.string(),
    taskText: z.string(),
    /** create: a new assignment; update: the task's assignment changes. */
    kind: z.enum(["create", "update"]),
    assignmentId: z.string().nullable(),
    /** The assignment's version the preview read (null for create). */
    version: z.number().int().nullable(),
    /** What changes: lead department, co-departments, deadline. */
    fields: z.array(z.enum(["leadDepartment", "coDepartments", "deadline"])),
    before: AssignmentFields.nullable(),
    after: AssignmentFields,
  })
  .meta({ id: "ImportChange" });
export type ImportChange = z.infer<typeof ImportChange>;

export const ImportRowErrorCode = z.enum([
  "unknown_task",
  "duplicate_task",
  "unknown_department",
  "ambiguous_department",
  "missing_lead",
  "bad_deadline",
]);
export type ImportRowErrorCode = z.infer<typeof ImportRowErrorCode>;

export const ImportRowError = z
  .object({
    row: z.number().int(),
    column: SheetColumn,
    /** The cell's text as read. */
    value: z.string(),
    code: ImportRowErrorCode,
    message: z.string(),
    messageZh: z.string(),
  })
  .meta({ id: "ImportRowError" });
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportResult = z
  .object({
    dryRun: z.boolean(),
    /** True when the changes were written (never with errors). */
    applied: z.boolean(),
    fileName: z.string(),
    sheet: z.string(),
    /** Task rows read (title, header, group and empty rows left out). */
    rows: z.number().int(),
    unchanged: z.number().int(),
    changes: z.array(ImportChange),
    errors: z.array(ImportRowError),
    /**
     * Digest of the changes: apply with `expect` set to the preview's fingerprint refuses (409) when the
     * ledger changed in between, so what is applied is what was previewed.
     */
    fingerprint: z.string(),
  })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;

const Flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** POST /reports/:id/decomposition/import — multipart/form-data with one file part (the .xlsx). */
export const ImportQuery = z.object({
  /** Preview only (the default); `dryRun=false` applies. */
  dryRun: Flag.default(true),
  expect: z.string().max(128).optional(),
});
export type ImportQuery = z.infer<typeof ImportQuery>;
