import type {
  Correction,
  CorrectionChanges,
  ExtractedFactValues,
  FactValues,
  FactView,
  FactWithCorrections,
} from "../../contract/api/facts.js";
import type { Basis, Comparator, FactKind, Measure } from "../../contract/extraction.js";
import type { CorrectionRow } from "../../db/repos/corrections.js";
import type { FactListRow } from "../../db/repos/facts.js";

export function extractedValues(r: FactListRow): ExtractedFactValues {
  return {
    kind: r.kind as FactKind,
    indicator: r.indicator,
    subject: r.subject,
    measure: r.measure as Measure,
    value: Number(r.value),
    valueMax: r.value_max === null ? null : Number(r.value_max),
    unit: r.unit,
    comparator: r.comparator as Comparator,
    period: r.period_from === null || r.period_to === null ? null : { from: r.period_from, to: r.period_to },
    normalized:
      r.normalized_value === null || r.normalized_unit === null
        ? null
        : { value: Number(r.normalized_value), unit: r.normalized_unit },
    basis: r.basis as Basis | null,
  };
}

export function parseChanges(json: string): CorrectionChanges {
  const v = JSON.parse(json) as unknown;
  return v && typeof v === "object" ? (v as CorrectionChanges) : {};
}

/** The extracted values overlaid with a correction's changes. */
export function overlay(extracted: ExtractedFactValues, changes: CorrectionChanges): FactValues {
  const { normalized: _n, basis: _b, ...values } = extracted;
  return { ...values, ...changes };
}

/** Corrections oldest first, each with the fields it changed relative to the one before. */
export function presentCorrections(rows: CorrectionRow[]): Correction[] {
  let prev: CorrectionChanges = {};
  let prevNotAFact = false;
  return rows.map((r) => {
    const changes = parseChanges(r.changes);
    const keys = new Set([...Object.keys(prev), ...Object.keys(changes)]) as Set<keyof CorrectionChanges>;
    const set: string[] = [...keys].filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(changes[k]));
    const notAFact = r.not_a_fact === 1;
    if (notAFact !== prevNotAFact) set.push("notAFact");
    prev = changes;
    prevNotAFact = notAFact;
    return {
      id: r.id,
      factId: r.fact_id,
      authorId: r.author_id,
      authorName: r.author_name,
      reason: r.reason,
      changes,
      set,
      notAFact,
      createdAt: r.created_at,
    };
  });
}

/** A fact with its extracted values and the current ones (latest correction applied). */
export function presentFact(r: FactListRow, corrections: Correction[]): FactView {
  const extracted = extractedValues(r);
  const latest = corrections.at(-1);
  return {
    id: r.id,
    reportId: r.report_id,
    regionId: r.region_id,
    planYear: r.plan_year,
    indicatorId: r.indicator_id,
    section: r.section_ext_id,
    sectionRole: r.section_role,
    quote: r.quote,
    start: r.start_pos,
    end: r.end_pos,
    version: r.version,
    extracted,
    current: overlay(extracted, latest?.changes ?? {}),
    notAFact: latest?.notAFact ?? false,
    corrected: latest !== undefined,
  };
}

export function presentFactWithCorrections(r: FactListRow, corrections: Correction[]): FactWithCorrections {
  return { ...presentFact(r, corrections), corrections };
}

/** Groups correction rows (oldest first) by fact and presents them. */
export function correctionsByFact(rows: CorrectionRow[]): Map<string, Correction[]> {
  const grouped = new Map<string, CorrectionRow[]>();
  for (const r of rows) {
    const list = grouped.get(r.fact_id) ?? [];
    list.push(r);
    grouped.set(r.fact_id, list);
  }
  return new Map([...grouped].map(([id, list]) => [id, presentCorrections(list)]));
}

/** Hides who corrected from anonymous readers. */
export function anonymize(c: Correction): Correction {
  return { ...c, authorId: null, authorName: null };
}
