import { z } from "zod";
import { PageQuery, VersionedBody } from "./common.js";
import { ProgressEntry } from "./progress.js";

/**
 * The life of an assignment (分解): `assigned` when created, `in_progress` from the first progress report (or
 * when set), `done` when the departments report it finished, `closed` when the supervisors close it (no more
 * progress is accepted). The full 督办 cycle comes later.
 */
export const AssignmentStatus = z.enum(["assigned", "in_progress", "done", "closed"]).meta({
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
