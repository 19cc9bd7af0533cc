import type { TaskDetail, UpdateTaskBody } from "../../contract/api/tasks.js";
import { errors } from "../../core/errors.js";
import { getReportAccess } from "../../db/repos/reports.js";
import { getTask as getTaskRow, updateTask as updateTaskRow } from "../../db/repos/tasks.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireWriter } from "../reports/access.js";
import { getTask } from "./getTask.js";

/**
 * Edits a task's group, text or deadline (the caller names the version it read). An edited task keeps the
 * edit when its report is re-extracted.
 */
export async function updateTask(ctx: AppContext, id: string, body: UpdateTaskBody): Promise<TaskDetail> {
  await inTransaction(ctx, async (tx, audit) => {
    const before = await getTaskRow(tx, id);
    const report = before && (await getReportAccess(tx, before.report_id));
    if (!before || !report || report.deleted_at !== null) throw errors.notFound("task", id);
    requireWriter(ctx, before.region_id);
    const set: { group_name?: string | null; text?: string; deadline?: string | null } = {};
    if (body.group !== undefined) set.group_name = body.group;
    if (body.text !== undefined) set.text = body.text;
    if (body.deadline !== undefined) set.deadline = body.deadline;
    if (Object.keys(set).length === 0)
      throw errors.invalid(
        "body",
        "name group, text or deadline to change",
        "请给出要修改的分组、内容或期限",
      );
    if ((await updateTaskRow(tx, id, body.version, set)) === 0) throw errors.conflict("task", id);
    await audit({
      action: "task.update",
      entityType: "task",
      entityId: id,
      before: {
        group: before.group_name,
        text: before.text,
        deadline: before.deadline,
        version: before.version,
      },
      after: {
        group: set.group_name === undefined ? before.group_name : set.group_name,
        text: set.text ?? before.text,
        deadline: set.deadline === undefined ? before.deadline : set.deadline,
        version: before.version + 1,
      },
    });
  });
  return getTask(ctx, id);
}
