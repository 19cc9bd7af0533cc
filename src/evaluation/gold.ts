import type { Comparator, Extraction, Fact, FactKind } from "../contract/extraction.js";

/** A hand-labelled report (gold/README.md). */
export interface GoldFile {
  file: string;
  title?: string;
  region?: string;
  summaryYear: number | null;
  planYear: number | null;
  facts: GoldFact[];
  tasks: GoldTask[];
}
export interface GoldFact {
  context: string;
  occurrence?: number;
  at: string;
  kind: FactKind;
  indicator: string;
  subject?: string | null;
  measure: string;
  value: number;
  valueMax: number | null;
  unit: string;
  comparator: Comparator;
}
export interface GoldTask {
  context: string;
  occurrence?: number;
  deadline: string | null;
}

export interface Located<T> {
  item: T;
  start: number;
  end: number;
}

function nthIndexOf(text: string, needle: string, n: number): number {
  let pos = -1;
  for (let i = 0; i <= n; i++) {
    pos = text.indexOf(needle, pos + 1);
    if (pos < 0) return -1;
  }
  return pos;
}

/** Resolves a label's context/at to a span of the decoded text; throws naming the label when it is absent. */
export function locate(
  text: string,
  context: string,
  occurrence: number | undefined,
  at?: string,
): { start: number; end: number } {
  const c = nthIndexOf(text, context, occurrence ?? 0);
  if (c < 0) throw new Error(`gold context not found: "${context}" (occurrence ${occurrence ?? 0})`);
  if (at === undefined) return { start: c, end: c + context.length };
  const a = context.indexOf(at);
  if (a < 0) throw new Error(`gold "at" not inside its context: "${at}" in "${context}"`);
  return { start: c + a, end: c + a + at.length };
}

const sameNumber = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

/**
 * Indicators agree when equal, when one names the other (生产总值 ~ 地区生产总值), or when they are the same
 * words in another order (出栏生猪 ~ 生猪出栏); quotes, brackets, spaces and 的 are ignored.
 */
export function sameIndicator(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const n = (s: string) => s.replace(/[“”"‘’'()（）\s的]/gu, "");
  const x = n(a);
  const y = n(b);
  if (x === y) return true;
  const sorted = (s: string) => [...s].sort().join("");
  if (x.length === y.length && sorted(x) === sorted(y)) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 2 && long.includes(short);
}

export interface FactPair {
  gold: Located<GoldFact>;
  pred: Fact;
}

export interface ReportScore {
  file: string;
  goldFacts: number;
  predFacts: number;
  pairs: FactPair[];
  missed: Located<GoldFact>[];
  spurious: Fact[];
  planYearOk: boolean;
  goldTasks: number;
  predTasks: number;
  taskHits: number;
  taskPredHits: number;
  deadlineOk: number;
}

/** Pairs predicted facts with gold facts: same value, range and unit, at the same place in the text. */
export function scoreReport(gold: GoldFile, text: string, out: Extraction): ReportScore {
  const goldFacts = gold.facts.map((g) => ({ item: g, ...locate(text, g.context, g.occurrence, g.at) }));
  const used = new Set<number>();
  const pairs: FactPair[] = [];
  const missed: Located<GoldFact>[] = [];
  for (const g of goldFacts) {
    let best = -1;
    let bestDist = Number.POSITIVE_INFINITY;
    out.facts.forEach((p, i) => {
      if (used.has(i)) return;
      // The prediction's quote ends at its figure; the gold span is the figure (with qualifiers).
      if (p.end < g.start + 1 || p.end > g.end + 4 || p.start > g.start + 2) return;
      if (
        !sameNumber(p.value, g.item.value) ||
        !sameNumber(p.valueMax, g.item.valueMax) ||
        p.unit !== g.item.unit
      )
        return;
      const d = Math.abs(p.end - g.end);
      if (d < bestDist) [best, bestDist] = [i, d];
    });
    if (best >= 0) {
      used.add(best);
      pairs.push({ gold: g, pred: out.facts[best] as Fact });
    } else missed.push(g);
  }
  const spurious = out.facts.filter((_, i) => !used.has(i));
  const goldTasks = gold.tasks.map((t) => ({ item: t, ...locate(text, t.context, t.occurrence) }));
  let taskHits = 0;
  let deadlineOk = 0;
  const hitPreds = new Set<number>();
  for (const g of goldTasks) {
    const i = out.tasks.findIndex((p) => p.start <= g.start + 2 && p.end > g.start);
    if (i >= 0) {
      taskHits++;
      hitPreds.add(i);
      if ((out.tasks[i]?.deadline ?? null) === g.item.deadline) deadlineOk++;
    }
  }
  return {
    file: gold.file,
    goldFacts: goldFacts.length,
    predFacts: out.facts.length,
    pairs,
    missed,
    spurious,
    planYearOk: out.report.planYear === gold.planYear,
    goldTasks: goldTasks.length,
    predTasks: out.tasks.length,
    taskHits,
    taskPredHits: hitPreds.size,
    deadlineOk,
  };
}

export interface Totals {
  precision: number;
  recall: number;
  kind: number;
  comparator: number;
  indicator: number;
  planYear: number;
  taskRecall: number;
  taskPrecision: number;
}

export function totals(scores: ReportScore[]): Totals {
  const sum = (f: (s: ReportScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const pairs = scores.flatMap((s) => s.pairs);
  const acc = (f: (p: FactPair) => boolean) =>
    pairs.length === 0 ? 0 : pairs.filter(f).length / pairs.length;
  const predFacts = sum((s) => s.predFacts);
  const goldFacts = sum((s) => s.goldFacts);
  return {
    precision: predFacts === 0 ? 0 : pairs.length / predFacts,
    recall: goldFacts === 0 ? 0 : pairs.length / goldFacts,
    kind: acc((p) => p.pred.kind === p.gold.item.kind),
    comparator: acc((p) => p.pred.comparator === p.gold.item.comparator),
    indicator: acc((p) => sameIndicator(p.pred.indicator, p.gold.item.indicator)),
    planYear: scores.length === 0 ? 0 : scores.filter((s) => s.planYearOk).length / scores.length,
    taskRecall: sum((s) => s.goldTasks) === 0 ? 0 : sum((s) => s.taskHits) / sum((s) => s.goldTasks),
    taskPrecision: sum((s) => s.predTasks) === 0 ? 0 : sum((s) => s.taskPredHits) / sum((s) => s.predTasks),
  };
}
