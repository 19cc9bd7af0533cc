import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database, TaskRow } from "../schema.js";
import { visibleReport } from "./facts.js";
import { regionIn } from "./regions.js";
import { containsPattern, type ReadScope } from "./reports.js";

type Q = Kysely<Database>;

export interface TaskFilter {
  /** The filtered region and every region below it. */
  regionIds?: readonly string[] | undefined;
  planYear?: number | undefined;
  reportId?: string | undefined;
  /** Substring of the task text. */
  text?: string | undefined;
  hasDeadline?: boolean | undefined;
  afterId?: string | undefined;
  limit: number;
}

/** Tasks in id order, `limit` after `afterId`, of reports the reader may see. */
export async function listTasks(q: Q, scope: ReadScope, f: TaskFilter): Promise<TaskRow[]> {
  let query = q.selectFrom("tasks").selectAll("tasks").where(visibleReport(scope));
  if (scope.regionIds !== null) query = query.where(regionIn("tasks.region_id", scope.regionIds));
  if (f.regionIds !== undefined) query = query.where(regionIn("tasks.region_id", f.regionIds));
  if (f.planYear !== undefined) query = query.where("tasks.plan_year", "=", f.planYear);
  if (f.reportId !== undefined) query = query.where("tasks.report_id", "=", f.reportId);
  if (f.text) query = query.where(sql<boolean>`tasks.text like ${containsPattern(f.text)} escape '\\'`);
  if (f.hasDeadline !== undefined)
    query = query.where("tasks.deadline", f.hasDeadline ? "is not" : "is", null);
  if (f.afterId !== undefined) query = query.where("tasks.id", ">", f.afterId);
  return query.orderBy("tasks.id").limit(f.limit).execute();
}

export async function getTask(q: Q, id: string): Promise<TaskRow | undefined> {
  return q.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function tasksOfReport(q: Q, reportId: string): Promise<TaskRow[]> {
  return q
    .selectFrom("tasks")
    .selectAll()
    .where("report_id", "=", reportId)
    .orderBy("start_pos")
    .orderBy("id")
    .execute();
}

/** Changes the version read; 0 when someone changed the task meanwhile. */
export async function updateTask(
  q: Q,
  id: string,
  version: number,
  set: { group_name?: string | null; text?: string; deadline?: string | null },
): Promise<number> {
  const r = await q
    .updateTable("tasks")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
