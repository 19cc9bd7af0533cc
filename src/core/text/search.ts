/**
 * Full-text search in Chinese without a segmenter: text is indexed as overlapping character bigrams
 * (地区生产总值 → 地区 区生 生产 产总 总值) plus lowercased ASCII words (3.5 → 3_5), space-separated: facts
 * keep the string in search_text and database triggers split it into fact_postings, one row per token. A
 * query matches when all its tokens occur; single characters fall back to substring search in the repository.
 */
const HAN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
const WORD = /[A-Za-z0-9]+(?:\.[0-9]+)?/g;

function bigrams(run: string, out: Set<string>): void {
  if (run.length === 1) out.add(run);
  for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
}

export function searchTokens(text: string): string {
  const out = new Set<string>();
  for (const m of text.matchAll(HAN)) bigrams(m[0], out);
  for (const m of text.matchAll(WORD)) out.add(m[0].toLowerCase().replace(/\./g, "_"));
  return [...out].join(" ");
}

/** The tokens a query must all match; empty when the query has nothing indexable. */
export function queryTokens(query: string): string[] {
  return searchTokens(query)
    .split(" ")
    .filter((t) => t.length > 0);
}
