import { decodeCursor } from "../../contract/api/common.js";
import type { ReportPage, ReportsQuery } from "../../contract/api/reports.js";
import { regionAndDescendants } from "../../db/repos/regions.js";
import { listReports as listReportRows } from "../../db/repos/reports.js";
import type { AppContext } from "../context.js";
import { splitPage } from "../paging.js";
import { type ReadOptions, readScope } from "./access.js";
import { presentReport } from "./present.js";

/** Reports the caller may see, in id order, with fact and task counts. */
export async function listReports(
  ctx: AppContext,
  query: ReportsQuery,
  opts: ReadOptions,
): Promise<ReportPage> {
  const scope = readScope(ctx, opts);
  const rows = await listReportRows(ctx.db.kysely, scope, {
    regionIds:
      query.regionId === undefined ? undefined : await regionAndDescendants(ctx.db.kysely, query.regionId),
    planYear: query.year,
    title: query.q?.trim() || undefined,
    afterId: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  return {
    items: items.map(presentReport),
    nextCursor,
  };
}
