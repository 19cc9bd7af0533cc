import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Dialect } from "../database.js";
import type { Database, FactRow } from "../schema.js";
import { rarestToken, rowTests } from "./factSearch.js";
import { regionIn } from "./regions.js";
import { containsPattern, type ReadScope } from "./reports.js";

type Q = Kysely<Database>;

/** Every column but search_text (the index reads it; nobody else needs it). */
export const FACT_COLUMNS = [
  "facts.id",
  "facts.report_id",
  "facts.ext_id",
  "facts.kind",
  "facts.indicator",
  "facts.indicator_id",
  "facts.subject",
  "facts.measure",
  "facts.value",
  "facts.value_max",
  "facts.unit",
  "facts.normalized_value",
  "facts.normalized_unit",
  "facts.comparator",
  "facts.basis",
  "facts.period_from",
  "facts.period_to",
  "facts.section_ext_id",
  "facts.section_role",
  "facts.quote",
  "facts.start_pos",
  "facts.end_pos",
  "facts.region_id",
  "facts.plan_year",
  "facts.version",
] as const;

export type FactListRow = Omit<FactRow, "search_text">;

/**
 * Full-text search terms: `tokens` (bigrams and words, matched through the index) and `like` (single
 * Chinese characters, or a query with nothing indexable, matched as substrings of the quote).
 */
export interface FactSearch {
  tokens: string[];
  like: string[];
}

export interface FactFilter {
  /** The filtered region and every region below it. */
  regionIds?: readonly string[] | undefined;
  planYear?: number | undefined;
  /** Facts whose period covers this year. */
  period?: number | undefined;
  indicatorId?: string | undefined;
  /** Exact extracted indicator name, when it is not in the catalog. */
  indicatorName?: string | undefined;
  kind?: string | undefined;
  sectionRole?: string | undefined;
  reportId?: string | undefined;
  search?: FactSearch | undefined;
  afterId?: string | undefined;
  limit: number;
}

/** Restricts a facts query to reports the reader may see (never soft-deleted ones). */
export function visibleReport(scope: ReadScope) {
  return (eb: ExpressionBuilder<Database, "facts"> | ExpressionBuilder<Database, "tasks">) => {
    // biome-ignore lint/suspicious/noExplicitAny: both tables have report_id; Kysely cannot type the union
    const e = eb as ExpressionBuilder<any, any>;
    let sub = e
      .selectFrom("reports as vr")
      .select(sql.lit(1).as("one"))
      .whereRef("vr.id", "=", e.ref("report_id"))
      .where("vr.deleted_at", "is", null);
    if (scope.publishedOnly) sub = sub.where("vr.published", "=", 1);
    return e.exists(sub);
  };
}

/**
 * The facts a reader may see under the filters (no search, no cursor); `checkReport: false` leaves the test
 * of the fact's report (not deleted, published for the public) to the caller.
 */
function filteredFacts(q: Q, scope: ReadScope, f: FactFilter, checkReport = true) {
  let query = checkReport ? q.selectFrom("facts").where(visibleReport(scope)) : q.selectFrom("facts");
  if (scope.regionIds !== null) query = query.where(regionIn("facts.region_id", scope.regionIds));
  if (f.regionIds !== undefined) query = query.where(regionIn("facts.region_id", f.regionIds));
  // The facts_filter index leads with region_id: without a region, walking the id index and testing the
  // year beats reading every fact of the year and sorting them (+ keeps the planner off that index).
  if (f.planYear !== undefined)
    query =
      f.regionIds === undefined && scope.regionIds === null
        ? query.where(sql<number>`+facts.plan_year`, "=", f.planYear)
        : query.where("facts.plan_year", "=", f.planYear);
  if (f.period !== undefined)
    query = query.where("facts.period_from", "<=", f.period).where("facts.period_to", ">=", f.period);
  if (f.indicatorId !== undefined) query = query.where("facts.indicator_id", "=", f.indicatorId);
  if (f.indicatorName !== undefined) query = query.where("facts.indicator", "=", f.indicatorName);
  if (f.kind !== undefined) query = query.where("facts.kind", "=", f.kind);
  if (f.sectionRole !== undefined) query = query.where("facts.section_role", "=", f.sectionRole);
  if (f.reportId !== undefined) query = query.where("facts.report_id", "=", f.reportId);
  return query;
}

/** Facts in id order, `limit` after `afterId`. No counting: the caller asks for limit + 1 to see if more follow. */
export async function listFacts(
  q: Q,
  dialect: Dialect,
  scope: ReadScope,
  f: FactFilter,
): Promise<FactListRow[]> {
  const search = f.search;
  if (search && search.tokens.length > 0) return searchFacts(q, dialect, scope, f, search);
  let query = filteredFacts(q, scope, f);
  // Nothing indexable (single characters, punctuation): substrings of the quote.
  for (const part of search?.like ?? [])
    query = query.where(sql<boolean>`facts.quote like ${containsPattern(part)} escape '\\'`);
  if (f.afterId !== undefined) query = query.where("facts.id", ">", f.afterId);
  return query.select(FACT_COLUMNS).orderBy("facts.id").limit(f.limit).execute();
}

/**
 * A page of facts holding every search token, in id order: the postings of the rarest token are walked and
 * the other tokens tested on each row, in one statement that stops once the page is full.
 */
async function searchFacts(
  q: Q,
  dialect: Dialect,
  scope: ReadScope,
  f: FactFilter,
  search: FactSearch,
): Promise<FactListRow[]> {
  const driver = await rarestToken(q, search.tokens);
  const tests = rowTests(
    dialect,
    search.tokens.filter((t) => t !== driver),
    search.like,
  );
  // About one report's facts: both planners may start from them (facts_report, facts_filter) and look up
  // the token for each, which beats walking all of a common token's postings.
  const narrow =
    f.reportId !== undefined ||
    (f.planYear !== undefined && (f.regionIds !== undefined || scope.regionIds !== null));
  if (narrow) {
    let query = filteredFacts(q, scope, f).where(({ exists, selectFrom }) =>
      exists(
        selectFrom("fact_postings as p")
          .select("p.fact_id")
          .where("p.token", "=", driver)
          .whereRef("p.fact_id", "=", "facts.id"),
      ),
    );
    for (const test of tests) query = query.where(test);
    if (f.afterId !== undefined) query = query.where("facts.id", ">", f.afterId);
    return query.select(FACT_COLUMNS).orderBy("facts.id").limit(f.limit).execute();
  }
  // SQLite's planner walks the postings key in order and fetches each fact by id whatever else the query
  // says.
  if (dialect === "sqlite") {
    let query = filteredFacts(q, scope, f)
      .innerJoin("fact_postings as p", "p.fact_id", "facts.id")
      .where("p.token", "=", driver);
    for (const test of tests) query = query.where(test);
    if (f.afterId !== undefined) query = query.where("p.fact_id", ">", f.afterId);
    return query.select(FACT_COLUMNS).orderBy("p.fact_id").limit(f.limit).execute();
  }
  // Otherwise PostgreSQL's planner, which prices random reads dearly, would rather merge-join a common
  // token's postings with the whole facts index, reading thousands of facts per page; and, taking the
  // tests for independent conditions, would expect almost no matches and sort them all. A LATERAL subquery
  // fenced by OFFSET 0 leaves it one plan: down the postings in order, each fact fetched by its id. The
  // report test stays outside, where consecutive facts of one report share its lookup (Memoize).
  let fact = filteredFacts(q, scope, f, false).where("facts.id", "=", sql.ref<string>("p.fact_id"));
  for (const test of tests) fact = fact.where(test);
  const sub = fact.select(FACT_COLUMNS).offset(0);
  const visible = q
    .selectFrom("reports as vr")
    .select(sql.lit(1).as("one"))
    .where("vr.id", "=", sql.ref<string>("f.report_id"))
    .where("vr.deleted_at", "is", null)
    .$if(scope.publishedOnly, (v) => v.where("vr.published", "=", 1));
  const r = await sql<FactListRow>`select f.* from fact_postings p cross join lateral (${sub}) f
    where p.token = ${driver}${f.afterId === undefined ? sql`` : sql` and p.fact_id > ${f.afterId}`}
      and exists (${visible})
    order by p.fact_id limit ${f.limit}`.execute(q);
  return r.rows;
}

export async function getFact(q: Q, id: string): Promise<FactListRow | undefined> {
  return q.selectFrom("facts").select(FACT_COLUMNS).where("facts.id", "=", id).executeTakeFirst();
}

export async function factsOfReport(q: Q, reportId: string): Promise<FactListRow[]> {
  return q
    .selectFrom("facts")
    .select(FACT_COLUMNS)
    .where("facts.report_id", "=", reportId)
    .orderBy("facts.start_pos")
    .orderBy("facts.id")
    .execute();
}

/** Facts of some reports named by their extraction ids (tasks refer to facts that way). */
export async function factsByExtIds(q: Q, reportIds: string[], extIds: string[]): Promise<FactListRow[]> {
  if (reportIds.length === 0 || extIds.length === 0) return [];
  const out: FactListRow[] = [];
  const exts = [...new Set(extIds)];
  for (let i = 0; i < exts.length; i += 500)
    out.push(
      ...(await q
        .selectFrom("facts")
        .select(FACT_COLUMNS)
        .where("facts.report_id", "in", [...new Set(reportIds)])
        .where("facts.ext_id", "in", exts.slice(i, i + 500))
        .orderBy("facts.start_pos")
        .execute()),
    );
  return out;
}

/** A correction names the version it read; 0 rows when someone corrected the fact meanwhile. */
export async function bumpFactVersion(q: Q, id: string, version: number): Promise<number> {
  const r = await q
    .updateTable("facts")
    .set({ version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Points facts whose extracted indicator is `name` at a catalog entry (or at none); returns how many. */
export async function linkIndicatorName(
  q: Q,
  name: string,
  indicatorId: string | null,
  onlyFrom?: string,
): Promise<number> {
  let query = q.updateTable("facts").set({ indicator_id: indicatorId }).where("indicator", "=", name);
  if (onlyFrom !== undefined) query = query.where("indicator_id", "=", onlyFrom);
  const r = await query.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
