import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Dialect } from "../database.js";
import type { Database, FactRow } from "../schema.js";
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
  regionId?: string | undefined;
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

/** SQLite FTS5 query: every token as a quoted string, all required. */
export function ftsMatch(tokens: string[]): string {
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(" ");
}

/** PostgreSQL tsquery: every token as a quoted lexeme, joined by &. */
export function tsQuery(tokens: string[]): string {
  return tokens.map((t) => `'${t.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" & ");
}

/**
 * SQLite: with many matches, looking every match up by rowid and sorting them all by id costs more than
 * walking the id index and testing membership (+rowid keeps the planner from the rowid lookup). A bounded
 * count of the matches decides.
 */
const WIDE_MATCHES = 2000;

async function wideMatch(q: Q, match: string): Promise<boolean> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select rowid from facts_fts where facts_fts match ${match} limit ${WIDE_MATCHES}) m`.execute(
    q,
  );
  return Number(r.rows[0]?.n ?? 0) >= WIDE_MATCHES;
}

async function applySearch<O>(
  q: Q,
  query: SelectQueryBuilder<Database, "facts", O>,
  dialect: Dialect,
  search: FactSearch,
): Promise<SelectQueryBuilder<Database, "facts", O>> {
  let out = query;
  if (search.tokens.length > 0) {
    // The only dialect branch of the ledger's SQL: each database's own full-text index.
    if (dialect === "sqlite") {
      const match = ftsMatch(search.tokens);
      const rowid = (await wideMatch(q, match)) ? sql`+facts.rowid` : sql`facts.rowid`;
      out = out.where(sql<boolean>`${rowid} in (select rowid from facts_fts where facts_fts match ${match})`);
    } else {
      out = out.where(
        sql<boolean>`to_tsvector('simple', facts.search_text) @@ to_tsquery('simple', ${tsQuery(search.tokens)})`,
      );
    }
  }
  for (const part of search.like)
    out = out.where(sql<boolean>`facts.quote like ${containsPattern(part)} escape '\\'`);
  return out;
}

/** Facts in id order, `limit` after `afterId`. No counting: the caller asks for limit + 1 to see if more follow. */
export async function listFacts(
  q: Q,
  dialect: Dialect,
  scope: ReadScope,
  f: FactFilter,
): Promise<FactListRow[]> {
  let query = q.selectFrom("facts").select(FACT_COLUMNS).where(visibleReport(scope));
  if (scope.regionId !== null) query = query.where("facts.region_id", "=", scope.regionId);
  if (f.regionId !== undefined) query = query.where("facts.region_id", "=", f.regionId);
  // The facts_filter index leads with region_id: without a region, walking the id index and testing the
  // year beats reading every fact of the year and sorting them (+ keeps the planner off that index).
  if (f.planYear !== undefined)
    query =
      f.regionId === undefined && scope.regionId === null
        ? query.where(sql<number>`+facts.plan_year`, "=", f.planYear)
        : query.where("facts.plan_year", "=", f.planYear);
  if (f.period !== undefined)
    query = query.where("facts.period_from", "<=", f.period).where("facts.period_to", ">=", f.period);
  if (f.indicatorId !== undefined) query = query.where("facts.indicator_id", "=", f.indicatorId);
  if (f.indicatorName !== undefined) query = query.where("facts.indicator", "=", f.indicatorName);
  if (f.kind !== undefined) query = query.where("facts.kind", "=", f.kind);
  if (f.sectionRole !== undefined) query = query.where("facts.section_role", "=", f.sectionRole);
  if (f.reportId !== undefined) query = query.where("facts.report_id", "=", f.reportId);
  if (f.search) query = await applySearch(q, query, dialect, f.search);
  if (f.afterId !== undefined) query = query.where("facts.id", ">", f.afterId);
  return query.orderBy("facts.id").limit(f.limit).execute();
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
