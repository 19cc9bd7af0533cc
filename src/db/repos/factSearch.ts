import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Dialect } from "../database.js";
import type { Database } from "../schema.js";

/**
 * Full-text search through fact_postings (token, fact_id), whose primary key lists each token's facts in id
 * order (migration 0004). A page walks the postings of the query's rarest token, joined to the filtered
 * facts, and tests the other tokens on each row: the walk stops once the page is full, so a common bigram
 * costs about what a rare one does. This module picks the token to walk and writes the row tests; the query
 * itself is in facts.ts.
 */

type Q = Kysely<Database>;

/**
 * A bigram of Chinese characters occurs in search_text only as that token (every other Chinese token has at
 * most two characters), so a plain substring test finds it; a word ("gdp") needs its spaces around it.
 */
const HAN_BIGRAM = /^[\u3400-\u9fff\uf900-\ufaff]{2}$/u;

/**
 * Counting stops at FIRST_CAP; only when every token of a query passes it are they counted again up to
 * SECOND_CAP. Past that a token is common, and which common token is walked hardly matters.
 */
const FIRST_CAP = 5_000;
const SECOND_CAP = 50_000;
const REMEMBER_MS = 10 * 60_000;
const MAX_REMEMBERED = 10_000;

/** Per database handle: token → facts holding it (capped), and when it was counted. */
const memories = new WeakMap<object, Map<string, { n: number; at: number }>>();

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
  let counts = memories.get(q);
  if (!counts) {
    counts = new Map();
    memories.set(q, counts);
  }
  const now = Date.now();
  const missing = tokens.filter((t) => {
    const c = counts.get(t);
    return !c || now - c.at > REMEMBER_MS;
  });
  if (missing.length > 0) {
    const found = await countUpTo(q, missing, FIRST_CAP);
    const known = tokens.filter((t) => !found.has(t)).map((t) => counts?.get(t)?.n ?? 0);
    if (Math.min(...known, ...found.values()) >= FIRST_CAP)
      for (const [t, n] of await countUpTo(q, missing, SECOND_CAP)) found.set(t, n);
    if (counts.size > MAX_REMEMBERED) counts.clear();
    for (const [t, n] of found) counts.set(t, { n, at: now });
  }
  return new Map(tokens.map((t) => [t, counts.get(t)?.n ?? 0]));
}

/** The token whose postings a search walks: the one fewest facts hold. */
export async function rarestToken(q: Q, tokens: string[]): Promise<string> {
  if (tokens.length === 1) return tokens[0] as string;
  const counts = await tokenCounts(q, tokens);
  return tokens.reduce((a, b) => ((counts.get(b) ?? 0) < (counts.get(a) ?? 0) ? b : a));
}

/**
 * The other tokens and single characters, tested on the row: a bigram needs no spaces around it (see
 * HAN_BIGRAM), a word does. instr (SQLite) and strpos (PostgreSQL) are the same function.
 */
export function rowTests(dialect: Dialect, others: string[], like: string[]): RawBuilder<boolean>[] {
  const find = sql.raw(dialect === "sqlite" ? "instr" : "strpos");
  return [
    ...others.map((t) =>
      HAN_BIGRAM.test(t)
        ? sql<boolean>`${find}(facts.search_text, ${t}) > 0`
        : sql<boolean>`${find}(' ' || facts.search_text || ' ', ${` ${t} `}) > 0`,
    ),
    ...like.map((part) => sql<boolean>`${find}(facts.quote, ${part}) > 0`),
  ];
}
