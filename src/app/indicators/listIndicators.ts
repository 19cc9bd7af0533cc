import { decodeCursor } from "../../contract/api/common.js";
import type { IndicatorPage, IndicatorsQuery, IndicatorView } from "../../contract/api/indicators.js";
import { errors } from "../../core/errors.js";
import type { Db } from "../../db/database.js";
import {
  getIndicator as getIndicatorRow,
  listIndicators as listIndicatorRows,
  synonymsOf,
  usageCounts,
} from "../../db/repos/indicators.js";
import type { AppContext } from "../context.js";
import { splitPage } from "../paging.js";
import { memberScope } from "../reports/access.js";
import { presentIndicator } from "./present.js";

/** The indicator catalog with synonyms and how many facts use each entry. Every signed-in role may read it. */
export async function listIndicators(ctx: AppContext, query: IndicatorsQuery): Promise<IndicatorPage> {
  memberScope(ctx);
  const q = ctx.db.kysely;
  const rows = await listIndicatorRows(q, decodeCursor(query.cursor), query.limit + 1);
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  const ids = items.map((r) => r.id);
  const [synonyms, counts] = await Promise.all([synonymsOf(q, ids), usageCounts(q, ids)]);
  return {
    items: items.map((r) => presentIndicator(r, synonyms.get(r.id) ?? [], counts.get(r.id) ?? 0)),
    nextCursor,
  };
}

/** One catalog entry as the API shows it (inside or outside a transaction). */
export async function loadIndicator(q: Db["kysely"], id: string): Promise<IndicatorView> {
  const row = await getIndicatorRow(q, id);
  if (!row) throw errors.notFound("indicator", id);
  const [synonyms, counts] = await Promise.all([synonymsOf(q, [id]), usageCounts(q, [id])]);
  return presentIndicator(row, synonyms.get(id) ?? [], counts.get(id) ?? 0);
}
