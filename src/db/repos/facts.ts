import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Dialect } from "../database.js";
import type { Database, FactRow } from "../schema.js";
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

/** FACT_COLUMNS for the raw full-text query, where the facts table is aliased "f". */
const FTS_COLUMNS = sql.raw(FACT_COLUMNS.map((c) => c.replace(/^facts\./, "f.")).join(", "));

export type FactListRow = Omit<FactRow, "search_text"> & {
  /** Set when the rows come in full-text index order: the cursor that continues after this row. */
  cursor?: string;
};

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

/** SQLite FTS5 query: every token as a quoted string, all required. */
export function ftsMatch(tokens: string[]): string {
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(" ");
}

/** PostgreSQL tsquery: every token as a quoted lexeme, joined by &. */
export function tsQuery(tokens: string[]): string {
  return tokens.map((t) => `'${t.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" & ");
}

/**
 * PostgreSQL: how a search runs depends on how common its rarest token is. A rare token: the GIN index finds
 * the few matches and they are sorted by id. A common one (生产总值 is in one fact of thirty): walking facts
 * in id order and testing each row's tsvector finds a page after a few thousand rows, where the index would
 * hand over tens of thousands of matches to look up and sort. Token shares come from ANALYZE's element
 * statistics. (SQLite's FTS5 returns matches in rowid order and needs none of this: searchInIndexOrder.)
 */
const COMMON_SHARE = 0.005;
/** Rows a walk reads before it hands the rest of the search to the index. */
const WALK_BUDGET = 60_000;

interface TokenStats {
  at: number;
  share: Map<string, number>;
}
const pgStats = new WeakMap<object, TokenStats>();

/** PostgreSQL: the share of facts holding the query's rarest token, from ANALYZE's element statistics. */
async function rarestShare(q: Q, tokens: string[]): Promise<number> {
  let stats = pgStats.get(q);
  if (!stats || Date.now() - stats.at > 5 * 60_000) {
    const r = await sql<{ elems: string[] | null; freqs: number[] | null }>`
      select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs
      from pg_stats where tablename = 'facts' and attname = 'search_tsv'`.execute(q);
    const row = r.rows[0];
    const share = new Map<string, number>();
    for (const [i, e] of (row?.elems ?? []).entries()) share.set(e, Number(row?.freqs?.[i] ?? 0));
    stats = { at: Date.now(), share };
    pgStats.set(q, stats);
  }
  // A token missing from the most-common list is rarer than the least common one listed.
  return Math.min(...tokens.map((t) => stats.share.get(t) ?? 0));
}

/** The row matches every token, tested on the row itself (no index): PostgreSQL's stored tsvector. */
function rowMatches(tokens: string[]) {
  return sql<boolean>`facts.search_tsv @@ to_tsquery('simple', ${tsQuery(tokens)})`;
}

function indexMatch(dialect: Dialect, tokens: string[]) {
  return dialect === "sqlite"
    ? sql<boolean>`facts.rowid in (select rowid from facts_fts where facts_fts match ${ftsMatch(tokens)})`
    : sql<boolean>`facts.search_tsv @@ to_tsquery('simple', ${tsQuery(tokens)})`;
}

function applyLike<O>(query: SelectQueryBuilder<Database, "facts", O>, search: FactSearch) {
  let out = query;
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
  let query = q.selectFrom("facts").where(visibleReport(scope));
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
  if (f.search) query = applyLike(query, f.search);
  const tokens = f.search?.tokens ?? [];
  const selective =
    scope.regionIds !== null ||
    f.regionIds !== undefined ||
    f.planYear !== undefined ||
    f.period !== undefined ||
    f.reportId !== undefined ||
    f.indicatorId !== undefined ||
    f.indicatorName !== undefined;
  if (dialect === "sqlite" && tokens.length > 0 && !selective) return searchInIndexOrder(q, scope, f, tokens);
  const share = tokens.length > 0 && dialect === "postgres" ? await rarestShare(q, tokens) : 0;
  if (share < COMMON_SHARE) {
    if (tokens.length > 0) query = query.where(indexMatch(dialect, tokens));
    if (f.afterId !== undefined) query = query.where("facts.id", ">", f.afterId);
    return query.select(FACT_COLUMNS).orderBy("facts.id").limit(f.limit).execute();
  }
  // A common token: walk the filtered facts in id order, a window at a time sized from the token's share,
  // keeping the matches. The database returns only the matches and the window's last id; the matching rows
  // are then read whole.
  const hits: string[] = [];
  let after = f.afterId;
  let read = 0;
  while (hits.length < f.limit) {
    const window = Math.min(20_000, Math.max(500, Math.ceil(((f.limit - hits.length) / share) * 1.5)));
    let w = query.select([
      "facts.id",
      sql<number>`case when ${rowMatches(tokens)} then 1 else 0 end`.as("hit"),
    ]);
    if (after !== undefined) w = w.where("facts.id", ">", after);
    const windowQuery = w.orderBy("facts.id").limit(window);
    const rows = await q
      .with("w", () => windowQuery)
      .selectFrom("w")
      .select([
        "w.id",
        "w.hit",
        sql<number>`(select count(*) from w)`.as("n"),
        sql<string>`(select max(id) from w)`.as("last"),
      ])
      .where((eb) =>
        eb.or([
          eb("w.hit", "=", 1),
          eb(
            "w.id",
            "=",
            eb.selectFrom("w").select((e) => e.fn.max("w.id").as("m")),
          ),
        ]),
      )
      .orderBy("w.id")
      .execute();
    for (const r of rows) if (Number(r.hit) === 1 && hits.length < f.limit) hits.push(r.id);
    const scanned = Number(rows[0]?.n ?? 0);
    read += scanned;
    after = rows[0]?.last ?? after;
    if (scanned < window) break;
    if (read >= WALK_BUDGET && hits.length < f.limit) {
      // Sparse under these filters after all: the index finishes the page from where the walk stopped.
      let rest = query.select("facts.id").where(indexMatch(dialect, tokens));
      if (after !== undefined) rest = rest.where("facts.id", ">", after);
      hits.push(
        ...(
          await rest
            .orderBy("facts.id")
            .limit(f.limit - hits.length)
            .execute()
        ).map((r) => r.id),
      );
      break;
    }
  }
  if (hits.length === 0) return [];
  return q
    .selectFrom("facts")
    .select(FACT_COLUMNS)
    .where("facts.id", "in", hits)
    .orderBy("facts.id")
    .execute();
}

/**
 * SQLite, unfiltered search: FTS5 hands out matches in rowid order and stops at the page size, so a common
 * bigram costs no more than a rare one. The cursor is the rowid ("#123"), since rowid order is index order.
 */
async function searchInIndexOrder(
  q: Q,
  scope: ReadScope,
  f: FactFilter,
  tokens: string[],
): Promise<FactListRow[]> {
  const conds = [
    sql`facts_fts match ${ftsMatch(tokens)}`,
    sql`exists (select 1 from reports vr where vr.id = f.report_id and vr.deleted_at is null${scope.publishedOnly ? sql` and vr.published = 1` : sql``})`,
  ];
  if (f.kind !== undefined) conds.push(sql`f.kind = ${f.kind}`);
  if (f.sectionRole !== undefined) conds.push(sql`f.section_role = ${f.sectionRole}`);
  for (const part of f.search?.like ?? []) conds.push(sql`f.quote like ${containsPattern(part)} escape '\\'`);
  const after = f.afterId?.startsWith("#") ? Number(f.afterId.slice(1)) : undefined;
  if (after !== undefined && Number.isFinite(after)) conds.push(sql`facts_fts.rowid > ${after}`);
  const rows = await sql<FactListRow>`
    select ${FTS_COLUMNS}, '#' || facts_fts.rowid as cursor from facts_fts join facts f on f.rowid = facts_fts.rowid
    where ${sql.join(conds, sql` and `)} order by facts_fts.rowid limit ${f.limit}`.execute(q);
  return rows.rows;
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
