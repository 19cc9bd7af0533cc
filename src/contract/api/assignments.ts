import { z } from "zod";
import { PageQuery, VersionedBody } from "./common.js";
import { ProgressEntry } from "./progress.js";
import { Colour, CycleActionName, ExtensionRequest, ReportCycle } from "./supervision.js";

/**
 * The life of an assignment (the 督办 cycle, src/core/supervise/cycle.ts): `assigned` when created (待签收),
 * `in_progress` once signed (签收) or from the first progress report, `declined` when the lead department gives
 * it back (退回, a supervisor reassigns it), `done` when the lead department asks to close it (办结待审),
 * `closed` when a supervisor approves (已办结销号; no more progress is accepted).
 */
export const AssignmentStatus = z.enum(["assigned", "in_progress", "declined", "done", "closed"]).meta({
  id: "AssignmentStatus",
});
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;

export const DepartmentRef = z
  .object({ id: z.string(), name: z.string(), shortName: z.string().nullable() })
  .meta({ id: "DepartmentRef" });
export type DepartmentRef = z.infer<typeof DepartmentRef>;

export const Milestone = z
  .object({
    id: z.string(),
    assignmentId: z.string(),
    title: z.string(),
    dueDate: z.string().nullable(),
    doneAt: z.string().nullable(),
  })
  .meta({ id: "Milestone" });
export type Milestone = z.infer<typeof Milestone>;

export const Assignment = z
  .object({
    id: z.string(),
    taskId: z.string(),
    taskText: z.string(),
    reportId: z.string(),
    regionId: z.string().nullable(),
    planYear: z.number().int().nullable(),
    leadDepartment: DepartmentRef,
    coDepartments: z.array(DepartmentRef),
    deadline: z.iso.date().nullable(),
    status: AssignmentStatus,
    note: z.string().nullable(),
    /** Percent of the latest progress report; null before the first. */
    percent: z.number().int().nullable(),
    /** Deadline passed and not done or closed. */
    overdue: z.boolean(),
    /** As the status engine last computed it (三色 blue/yellow/red, green on track, done closed). */
    colour: Colour,
    /** Why, in Chinese ("已超期 5 天"); null before the first computation. */
    colourReason: z.string().nullable(),
    /** The machine-readable why: closed | overdue | milestone_overdue | behind | due_soon | on_track. */
    colourCode: z.string().nullable(),
    /** 签收 due by (YYYY-MM-DD). */
    ackDueDate: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    reportCycle: ReportCycle,
    closedAt: z.string().nullable(),
    /** 0 none, 1 催办单 sent, 2 on the red list. */
    escalationLevel: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Assignment" });
export type Assignment = z.infer<typeof Assignment>;

export const AssignmentDetail = Assignment.extend({
  task: z.object({
    id: z.string(),
    text: z.string(),
    groupName: z.string().nullable(),
    deadline: z.string().nullable(),
    reportId: z.string(),
    reportTitle: z.string().nullable(),
  }),
  milestones: z.array(Milestone),
  /** Progress history, newest first (the latest 100; page on with GET /assignments/:id/progress). */
  progress: z.array(ProgressEntry),
  /** Extension requests, newest first. */
  extensions: z.array(ExtensionRequest),
  /** The cycle actions the caller may take now. */
  actions: z.array(CycleActionName),
}).meta({ id: "AssignmentDetail" });
export type AssignmentDetail = z.infer<typeof AssignmentDetail>;

const Id = z.string().min(1).max(200);
const Note = z.string().trim().max(2000);
const IsoDate = z.iso.date();

export const MilestoneInput = z
  .object({ title: z.string().trim().min(1).max(500), dueDate: IsoDate.nullish() })
  .meta({ id: "NewMilestone" });
export type MilestoneInput = z.infer<typeof MilestoneInput>;

/** POST /tasks/:taskId/assignment. The deadline defaults to the task's. */
export const CreateAssignmentBody = z
  .object({
    leadDepartmentId: Id,
    coDepartmentIds: z.array(Id).max(50).default([]),
    deadline: IsoDate.nullish(),
    note: Note.nullish(),
    milestones: z.array(MilestoneInput).max(100).optional(),
  })
  .meta({ id: "CreateAssignment" });
export type CreateAssignmentBody = z.infer<typeof CreateAssignmentBody>;

export const TaskIdParams = z.object({ taskId: Id });

export const UpdateAssignmentBody = VersionedBody.extend({
  leadDepartmentId: Id.optional(),
  /** Replaces the co-departments. */
  coDepartmentIds: z.array(Id).max(50).optional(),
  deadline: IsoDate.nullable().optional(),
  note: Note.nullable().optional(),
  status: AssignmentStatus.optional(),
}).meta({ id: "UpdateAssignment" });
export type UpdateAssignmentBody = z.infer<typeof UpdateAssignmentBody>;

/** Assigns many tasks at once: all of them or none. */
export const BulkAssignBody = z
  .object({
    taskIds: z.array(Id).min(1).max(500),
    leadDepartmentId: Id,
    coDepartmentIds: z.array(Id).max(50).default([]),
    deadline: IsoDate.nullish(),
  })
  .meta({ id: "BulkAssign" });
export type BulkAssignBody = z.infer<typeof BulkAssignBody>;

export const BulkAssignResult = z.object({ items: z.array(Assignment) }).meta({ id: "BulkAssignResult" });
export type BulkAssignResult = z.infer<typeof BulkAssignResult>;

const Flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const AssignmentListQuery = PageQuery.extend({
  departmentId: Id.optional(),
  status: AssignmentStatus.optional(),
  regionId: Id.optional(),
  dueBefore: IsoDate.optional(),
  overdue: Flag.optional(),
  colour: Colour.optional(),
});
export type AssignmentListQuery = z.infer<typeof AssignmentListQuery>;

export const CreateMilestoneBody = MilestoneInput;
export type CreateMilestoneBody = MilestoneInput;

/**
 * Milestones belong to their assignment: a change names the assignment's version it read and bumps it.
 */
export const UpdateMilestoneBody = VersionedBody.extend({
  done: z.boolean().optional(),
  title: z.string().trim().min(1).max(500).optional(),
  dueDate: IsoDate.nullable().optional(),
}).meta({ id: "UpdateMilestone" });
export type UpdateMilestoneBody = z.infer<typeof UpdateMilestoneBody>;

export const MilestoneResult = z
  .object({ milestone: Milestone, assignmentVersion: z.number().int() })
  .meta({ id: "MilestoneResult" });
export type MilestoneResult = z.infer<typeof MilestoneResult>;
