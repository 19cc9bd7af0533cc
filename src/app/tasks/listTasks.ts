import { decodeCursor } from "../../contract/api/common.js";
import type { TaskPage, TasksQuery } from "../../contract/api/tasks.js";
import { factsByExtIds } from "../../db/repos/facts.js";
import { regionAndDescendants } from "../../db/repos/regions.js";
import { listTasks as listTaskRows } from "../../db/repos/tasks.js";
import type { AppContext } from "../context.js";
import { splitPage } from "../paging.js";
import { memberScope } from "../reports/access.js";
import { factExtIds, factIdIndex, presentTask } from "./present.js";

/** Tasks of the reports the caller may see, filtered, in id order. */
export async function listTasks(ctx: AppContext, query: TasksQuery): Promise<TaskPage> {
  const scope = memberScope(ctx);
  const q = ctx.db.kysely;
  const rows = await listTaskRows(q, scope, {
    regionIds: query.regionId === undefined ? undefined : await regionAndDescendants(q, query.regionId),
    planYear: query.year,
    reportId: query.reportId,
    text: query.q?.trim() || undefined,
    hasDeadline: query.hasDeadline,
    afterId: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  const facts = await factsByExtIds(
    q,
    items.map((t) => t.report_id),
    items.flatMap(factExtIds),
  );
  const index = factIdIndex(facts);
  return {
    items: items.map((t) => presentTask(t, index)),
    nextCursor,
  };
}
