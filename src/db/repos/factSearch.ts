import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Dialect } from "../database.js";
import type { Database, FactPostingsTable } from "../schema.js";
import type { FACT_COLUMNS, FactListRow, FactSearch } from "./facts.js";

/**
 * Full-text search through fact_postings (token, fact_id), whose primary key lists each token's facts in id
 * order (migration 0004). A page walks the postings of the query's rarest token, joined to the filtered
 * facts, and keeps the rows holding every other token: the walk stops once the page is full, so a common
 * bigram costs about what a rare one does.
 *
 * Where the other tokens are tested differs. SQLite tests them in SQL on search_text: its planner walks the
 * key in order whatever else the query says, and the page comes back whole in one statement. PostgreSQL's
 * planner would take those tests for independent conditions, expect almost no matches and sort them all
 * instead of walking in id order (the bigrams of one phrase nearly always occur together), so there the
 * rows are fetched a window at a time and tested here.
 */

type Q = Kysely<Database>;

/**
 * A bigram of Chinese characters occurs in search_text only as that token (every other Chinese token has at
 * most two characters), so a plain substring test finds it; a word ("gdp") needs its spaces around it.
 */
const HAN_BIGRAM = /^[\u3400-\u9fff\uf900-\ufaff]{2}$/u;
type Joined = SelectQueryBuilder<Database & { p: FactPostingsTable }, "facts" | "p", object>;
type CandidateRow = FactListRow & { search_text: string };

/**
 * Counting stops at FIRST_CAP; only when every token of a query passes it are they counted again up to
 * SECOND_CAP. Past that a token is common, and which common token is walked hardly matters.
 */
const FIRST_CAP = 5_000;
const SECOND_CAP = 50_000;
const REMEMBER_MS = 10 * 60_000;
const MAX_WINDOW = 5_000;
const MAX_REMEMBERED = 10_000;

interface Memory {
  /** token → facts holding it (capped), and when it was counted. */
  counts: Map<string, { n: number; at: number }>;
  /** query → share of the walked candidates that matched last time, to size the first window. */
  hitRates: Map<string, number>;
}
const memories = new WeakMap<object, Memory>();

function memoryOf(q: Q): Memory {
  let m = memories.get(q);
  if (!m) {
    m = { counts: new Map(), hitRates: new Map() };
    memories.set(q, m);
  }
  return m;
}

/** How many facts hold each token, each counted up to `cap`, in one statement. */
async function countUpTo(q: Q, tokens: string[], cap: number): Promise<Map<string, number>> {
  const each = tokens.map(
    (t) =>
      sql`select cast(${t} as text) as token, (select count(*) from (select 1 from fact_postings where token = ${t} limit ${cap}) c) as n`,
  );
  const r = await sql<{ token: string; n: number | string }>`${sql.join(each, sql` union all `)}`.execute(q);
  return new Map(r.rows.map((row) => [row.token, Number(row.n)]));
}

/**
 * How many facts hold each token, remembered for a while: only the choice of the token to walk depends on
 * it, never the results, so a stale count costs speed at worst.
 */
async function tokenCounts(q: Q, tokens: string[]): Promise<Map<string, number>> {
  const { counts } = memoryOf(q);
  const now = Date.now();
  const missing = tokens.filter((t) => {
    const c = counts.get(t);
    return !c || now - c.at > REMEMBER_MS;
  });
  if (missing.length > 0) {
    const found = await countUpTo(q, missing, FIRST_CAP);
    const known = tokens.filter((t) => !found.has(t)).map((t) => counts.get(t)?.n ?? 0);
    if (Math.min(...known, ...found.values()) >= FIRST_CAP)
      for (const [t, n] of await countUpTo(q, missing, SECOND_CAP)) found.set(t, n);
    if (counts.size > MAX_REMEMBERED) counts.clear();
    for (const [t, n] of found) counts.set(t, { n, at: now });
  }
  return new Map(tokens.map((t) => [t, counts.get(t)?.n ?? 0]));
}

async function rarestToken(q: Q, tokens: string[]): Promise<string> {
  if (tokens.length === 1) return tokens[0] as string;
  const counts = await tokenCounts(q, tokens);
  return tokens.reduce((a, b) => ((counts.get(b) ?? 0) < (counts.get(a) ?? 0) ? b : a));
}

/**
 * A page of facts matching `search` among `filtered` (facts joined to their postings as "p", the caller's
 * filters applied), in id order after `page.afterId`.
 */
export async function searchFacts(
  q: Q,
  dialect: Dialect,
  filtered: Joined,
  search: FactSearch,
  page: { afterId?: string | undefined; limit: number },
  columns: typeof FACT_COLUMNS,
): Promise<FactListRow[]> {
  const driver = await rarestToken(q, search.tokens);
  const others = search.tokens.filter((t) => t !== driver);
  let walk = filtered.where("p.token", "=", driver);
  if (dialect === "sqlite") {
    for (const t of others)
      walk = walk.where(
        HAN_BIGRAM.test(t)
          ? sql<boolean>`instr(facts.search_text, ${t}) > 0`
          : sql<boolean>`instr(' ' || facts.search_text || ' ', ${` ${t} `}) > 0`,
      );
    for (const part of search.like) walk = walk.where(sql<boolean>`instr(facts.quote, ${part}) > 0`);
    if (page.afterId !== undefined) walk = walk.where("p.fact_id", ">", page.afterId);
    return walk.select(columns).orderBy("p.fact_id").limit(page.limit).execute();
  }
  const candidates = walk.select([...columns, "facts.search_text"]);
  return pageOfMatches(q, search, others, page, (after, window) =>
    (after === undefined ? candidates : candidates.where("p.fact_id", ">", after))
      .orderBy("p.fact_id")
      .limit(window)
      .execute(),
  );
}

/**
 * PostgreSQL: windows of the driver token's candidates, tested here, until the page is full or they run
 * out. The first window is sized from how many candidates matched the last time this query ran (most do),
 * later ones from the share that matched so far.
 */
async function pageOfMatches(
  q: Q,
  search: FactSearch,
  others: string[],
  page: { afterId?: string | undefined; limit: number },
  candidates: (after: string | undefined, window: number) => Promise<CandidateRow[]>,
): Promise<FactListRow[]> {
  const bigrams = others.filter((t) => HAN_BIGRAM.test(t));
  const words = others.filter((t) => !HAN_BIGRAM.test(t)).map((t) => ` ${t} `);
  const matches = (row: CandidateRow) =>
    bigrams.every((t) => row.search_text.includes(t)) &&
    (words.length === 0 || words.every((t) => ` ${row.search_text} `.includes(t))) &&
    search.like.every((part) => row.quote.includes(part));
  const { hitRates } = memoryOf(q);
  const key = [...search.tokens, "|", ...search.like].join(" ");
  const out: FactListRow[] = [];
  let after = page.afterId;
  let window = Math.ceil((page.limit / (hitRates.get(key) ?? 0.75)) * 1.05) + 2;
  let read = 0;
  let full = false;
  for (;;) {
    const size = Math.min(window, MAX_WINDOW);
    const rows = await candidates(after, size);
    for (const row of rows) {
      read++;
      if (!matches(row)) continue;
      // Kept whole: copying a row without search_text costs more than the test (presentFact picks its
      // fields and never shows it).
      out.push(row);
      if (out.length === page.limit) break;
    }
    full = out.length === page.limit;
    const last = rows.at(-1);
    if (full || rows.length < size || !last) break;
    after = last.id;
    const share = Math.max(out.length, 1) / read;
    window = Math.max(window * 2, Math.ceil(((page.limit - out.length) / share) * 1.2));
  }
  // Only a walk that filled its page says how dense matches are; one that ran out of candidates does not.
  if (full && read > 0) {
    if (hitRates.size > MAX_REMEMBERED) hitRates.clear();
    hitRates.set(key, Math.max(0.01, out.length / read));
  }
  return out;
}
