import { z } from "zod";
import { PageQuery, page, VersionedBody } from "./common.js";
import { FactView } from "./facts.js";

export const TaskView = z
  .object({
    id: z.string(),
    reportId: z.string(),
    regionId: z.string().nullable(),
    planYear: z.number().int().nullable(),
    group: z.string().nullable(),
    text: z.string(),
    section: z.string().nullable(),
    deadline: z.string().nullable(),
    /** Ids of the quantitative targets stated inside the task. */
    factIds: z.array(z.string()),
    start: z.number().int(),
    end: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: "Task" });
export type TaskView = z.infer<typeof TaskView>;

export const TaskDetail = TaskView.extend({
  reportTitle: z.string().nullable(),
  facts: z.array(FactView),
}).meta({ id: "TaskDetail" });
export type TaskDetail = z.infer<typeof TaskDetail>;

export const TaskPage = page(TaskView).meta({ id: "TaskPage" });
export type TaskPage = z.infer<typeof TaskPage>;

const Flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const TasksQuery = PageQuery.extend({
  regionId: z.string().max(200).optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  reportId: z.string().max(200).optional(),
  /** Substring of the task text. */
  q: z.string().max(200).optional(),
  hasDeadline: Flag.optional(),
});
export type TasksQuery = z.infer<typeof TasksQuery>;

export const UpdateTaskBody = VersionedBody.extend({
  group: z.string().trim().min(1).max(500).nullable().optional(),
  text: z.string().trim().min(1).max(5000).optional(),
  deadline: z.iso.date().nullable().optional(),
}).meta({ id: "UpdateTaskBody" });
export type UpdateTaskBody = z.infer<typeof UpdateTaskBody>;
