import type { FactView } from "../../../../src/contract/api/facts.js";

/** One year of an indicator's history: the target set for it and the actual reported for it (if any). */
export interface HistoryPoint {
  year: number;
  target: number | null;
  actual: number | null;
  targetFactId: string | null;
  actualFactId: string | null;
}

export interface History {
  unit: string;
  points: HistoryPoint[];
}

/**
 * The year a fact speaks of. Targets: their own single-year period, else the report's plan year. Actuals:
 * their single-year period, else the year before the plan year (a report's review covers last year). A
 * multi-year period (十四五 targets, five-year totals) belongs to no one year and is left out.
 */
export function yearOf(f: FactView): number | null {
  const p = f.current.period;
  if (p) return p.from === p.to ? p.to : null;
  if (f.planYear === null) return null;
  return f.current.kind === "target" ? f.planYear : f.planYear - 1;
}

/**
 * An indicator's targets and actuals by year, from facts of several reports of one region. Only the most
 * common unit is kept, so 6% growth and 2008亿元 never share an axis. For several facts of one year the one
 * from the report closest to it wins: a target from that year's own report, an actual from the next year's
 * review (a later report's figure is final, an earlier report's a forecast); ties go to the first in the text.
 */
export function indicatorHistory(facts: readonly FactView[]): History | null {
  const usable = facts.filter((f) => !f.notAFact && yearOf(f) !== null);
  if (usable.length === 0) return null;
  const unitCount = new Map<string, number>();
  for (const f of usable) unitCount.set(f.current.unit, (unitCount.get(f.current.unit) ?? 0) + 1);
  const unit = [...unitCount].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "";

  const best = new Map<string, FactView>();
  const distance = (f: FactView, year: number) =>
    f.planYear === null
      ? 99
      : f.current.kind === "target"
        ? Math.abs(f.planYear - year)
        : Math.abs(f.planYear - 1 - year);
  for (const f of usable) {
    if (f.current.unit !== unit) continue;
    const year = yearOf(f) as number;
    const key = `${f.current.kind}:${year}`;
    const cur = best.get(key);
    if (
      !cur ||
      distance(f, year) < distance(cur, year) ||
      (distance(f, year) === distance(cur, year) && (f.planYear ?? 0) > (cur.planYear ?? 0)) ||
      (distance(f, year) === distance(cur, year) && f.planYear === cur.planYear && f.start < cur.start)
    )
      best.set(key, f);
  }
  const years = [...new Set([...best.keys()].map((k) => Number(k.split(":")[1])))].sort((a, b) => a - b);
  if (years.length === 0) return null;
  return {
    unit,
    points: years.map((year) => {
      const target = best.get(`target:${year}`);
      const actual = best.get(`actual:${year}`);
      return {
        year,
        target: target?.current.value ?? null,
        actual: actual?.current.value ?? null,
        targetFactId: target?.id ?? null,
        actualFactId: actual?.id ?? null,
      };
    }),
  };
}
