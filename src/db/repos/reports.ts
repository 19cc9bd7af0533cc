import type { Kysely } from "kysely";
import type { Extraction } from "../../contract/extraction.js";
import { searchTokens } from "../../core/text/search.js";
import { itemId } from "../ids.js";
import type { Database, NewFact, NewTask, ReportRow } from "../schema.js";

type Q = Kysely<Database>;

export async function findReportBySha(q: Q, sha256: string): Promise<ReportRow | undefined> {
  return q.selectFrom("reports").selectAll().where("sha256", "=", sha256).executeTakeFirst();
}

export async function getReport(q: Q, id: string): Promise<ReportRow | undefined> {
  return q.selectFrom("reports").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Indicator names → catalog ids, through the synonyms table. */
async function indicatorIds(q: Q, names: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(names)];
  const out = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await q
      .selectFrom("indicator_synonyms")
      .select(["synonym", "indicator_id"])
      .where("synonym", "in", unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.synonym, r.indicator_id);
  }
  return out;
}

/**
 * Writes the sections, facts and tasks of an extraction for a report, replacing earlier ones. Item ids are
 * derived from the report and the span, so a re-extraction keeps the ids corrections point at.
 */
export async function writeExtraction(
  q: Q,
  reportId: string,
  ex: Extraction,
  scope: { regionId: string | null; planYear: number | null },
): Promise<void> {
  await q.deleteFrom("sections").where("report_id", "=", reportId).execute();
  await q.deleteFrom("facts").where("report_id", "=", reportId).execute();
  await q.deleteFrom("tasks").where("report_id", "=", reportId).execute();
  const sectionRole = new Map(ex.sections.map((s) => [s.id, s.role]));
  const catalog = await indicatorIds(
    q,
    ex.facts.flatMap((f) => (f.indicator ? [f.indicator] : [])),
  );
  const sections = ex.sections.map((s) => ({
    id: `${itemId(reportId, "s", s.start, s.end)}:${s.id}`,
    report_id: reportId,
    ext_id: s.id,
    parent_ext_id: s.parent,
    heading: s.heading,
    role: s.role,
    start_pos: s.start,
    end_pos: s.end,
  }));
  const seen = new Set<string>();
  const facts: NewFact[] = [];
  for (const f of ex.facts) {
    let id = itemId(reportId, "f", f.start, f.end);
    // Two figures can share a quote span only in odd texts; keep ids unique without losing either.
    while (seen.has(id)) id += "'";
    seen.add(id);
    facts.push({
      id,
      report_id: reportId,
      ext_id: f.id,
      kind: f.kind,
      indicator: f.indicator,
      indicator_id: f.indicator ? (catalog.get(f.indicator) ?? null) : null,
      subject: f.subject,
      measure: f.measure,
      value: f.value,
      value_max: f.valueMax,
      unit: f.unit,
      normalized_value: f.normalized?.value ?? null,
      normalized_unit: f.normalized?.unit ?? null,
      comparator: f.comparator,
      basis: f.basis,
      period_from: f.period?.from ?? null,
      period_to: f.period?.to ?? null,
      section_ext_id: f.section,
      section_role: f.section ? (sectionRole.get(f.section) ?? null) : null,
      quote: f.quote,
      start_pos: f.start,
      end_pos: f.end,
      region_id: scope.regionId,
      plan_year: scope.planYear,
      search_text: searchTokens(`${f.indicator ?? ""} ${f.quote}`),
    });
  }
  const tasks: NewTask[] = ex.tasks.map((t) => ({
    id: itemId(reportId, "t", t.start, t.end),
    report_id: reportId,
    ext_id: t.id,
    group_name: t.group,
    text: t.text,
    section_ext_id: t.section,
    deadline: t.deadline,
    fact_ext_ids: JSON.stringify(t.facts),
    start_pos: t.start,
    end_pos: t.end,
    region_id: scope.regionId,
    plan_year: scope.planYear,
  }));
  // Batches keep each statement under SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < sections.length; i += 200)
    await q
      .insertInto("sections")
      .values(sections.slice(i, i + 200))
      .execute();
  for (let i = 0; i < facts.length; i += 100)
    await q
      .insertInto("facts")
      .values(facts.slice(i, i + 100))
      .execute();
  for (let i = 0; i < tasks.length; i += 200)
    await q
      .insertInto("tasks")
      .values(tasks.slice(i, i + 200))
      .execute();
}
