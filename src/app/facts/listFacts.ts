import { decodeCursor } from "../../contract/api/common.js";
import type { FactPage, FactsQuery } from "../../contract/api/facts.js";
import { queryTokens } from "../../core/text/search.js";
import { correctionsOfFacts } from "../../db/repos/corrections.js";
import { type FactFilter, type FactSearch, listFacts as listFactRows } from "../../db/repos/facts.js";
import { resolveIndicator } from "../../db/repos/indicators.js";
import { regionAndDescendants } from "../../db/repos/regions.js";
import type { AppContext } from "../context.js";
import { splitPage } from "../paging.js";
import { type ReadOptions, readScope } from "../reports/access.js";
import { correctionsByFact, presentFact } from "./present.js";

const ONE_HAN = /^[\u3400-\u9fff\uf900-\ufaff]$/u;

/**
 * A search query → index tokens and substrings. Bigrams and words go through the full-text index; a lone
 * Chinese character has no bigram and is matched as a substring of the quote, as is a query with nothing
 * indexable at all.
 */
export function factSearch(q: string): FactSearch | undefined {
  const text = q.trim();
  if (!text) return undefined;
  const tokens = queryTokens(text);
  if (tokens.length === 0) return { tokens: [], like: [text] };
  return {
    tokens: tokens.filter((t) => !ONE_HAN.test(t)),
    like: tokens.filter((t) => ONE_HAN.test(t)),
  };
}

/** Facts the caller may see, filtered, in id order; no total count (it would scan the whole table). */
export async function listFacts(ctx: AppContext, query: FactsQuery, opts: ReadOptions): Promise<FactPage> {
  const scope = readScope(ctx, opts);
  const q = ctx.db.kysely;
  const filter: FactFilter = {
    regionIds: query.regionId === undefined ? undefined : await regionAndDescendants(q, query.regionId),
    planYear: query.year,
    period: query.period,
    kind: query.kind,
    sectionRole: query.sectionRole,
    reportId: query.reportId,
    search: query.q === undefined ? undefined : factSearch(query.q),
    afterId: decodeCursor(query.cursor),
    limit: query.limit + 1,
  };
  if (query.indicator !== undefined) {
    const id = await resolveIndicator(q, query.indicator.trim());
    if (id) filter.indicatorId = id;
    else filter.indicatorName = query.indicator.trim();
  }
  const rows = await listFactRows(q, ctx.db.dialect, scope, filter);
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  // Only a fact whose version moved can have corrections (each one bumps it): most pages need no lookup.
  const touched = items.filter((f) => f.version > 1).map((f) => f.id);
  const byFact = correctionsByFact(touched.length > 0 ? await correctionsOfFacts(q, touched) : []);
  return {
    items: items.map((f) => presentFact(f, byFact.get(f.id) ?? [])),
    nextCursor,
  };
}
