import { type Kysely, sql } from "kysely";
import type { Extraction } from "../../contract/extraction.js";
import { searchTokens } from "../../core/text/search.js";
import { itemId } from "../ids.js";
import type { Database, NewFact, NewTask, ReportRow } from "../schema.js";
import { regionIn } from "./regions.js";

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
 * derived from the report and the span, so a re-extraction keeps the ids corrections point at:
 * - facts are rewritten; a fact that existed before keeps its id and gets version + 1 (its corrections live
 *   in fact_corrections, keyed by that id, and are untouched);
 * - tasks are updated in place (assignments reference them). A task a person edited (version > 1) keeps the
 *   edited group, text and deadline. A task that is no longer extracted is removed unless an assignment
 *   still points at it.
 */
export async function writeExtraction(
  q: Q,
  reportId: string,
  ex: Extraction,
  scope: { regionId: string | null; planYear: number | null },
): Promise<void> {
  const oldFacts = await q
    .selectFrom("facts")
    .select(["id", "version"])
    .where("report_id", "=", reportId)
    .execute();
  const oldFactVersion = new Map(oldFacts.map((f) => [f.id, f.version]));
  await q.deleteFrom("sections").where("report_id", "=", reportId).execute();
  await q.deleteFrom("facts").where("report_id", "=", reportId).execute();
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
      version: (oldFactVersion.get(id) ?? 0) + 1,
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
  await writeTasks(q, reportId, tasks);
}

async function writeTasks(q: Q, reportId: string, tasks: NewTask[]): Promise<void> {
  const old = await q
    .selectFrom("tasks")
    .select(["id", "version"])
    .where("report_id", "=", reportId)
    .execute();
  const oldVersion = new Map(old.map((t) => [t.id, t.version]));
  const fresh = new Set(tasks.map((t) => t.id));
  const gone = old.filter((t) => !fresh.has(t.id)).map((t) => t.id);
  for (let i = 0; i < gone.length; i += 500) {
    const ids = gone.slice(i, i + 500);
    const assigned = q.selectFrom("assignments").select("task_id").where("task_id", "in", ids);
    await q.deleteFrom("tasks").where("id", "in", ids).where("id", "not in", assigned).execute();
  }
  const inserts: NewTask[] = [];
  for (const t of tasks) {
    const version = oldVersion.get(t.id);
    if (version === undefined) {
      inserts.push(t);
      continue;
    }
    const { id, report_id: _r, version: _v, group_name, text, deadline, ...positions } = t;
    await q
      .updateTable("tasks")
      .set(version > 1 ? positions : { ...positions, group_name, text, deadline })
      .where("id", "=", id)
      .execute();
  }
  for (let i = 0; i < inserts.length; i += 200)
    await q
      .insertInto("tasks")
      .values(inserts.slice(i, i + 200))
      .execute();
}

/**
 * What a reader may see: reports not deleted; the public only published ones; scoped users the reports of
 * their regions (their own and every one below it; null: all).
 */
export interface ReadScope {
  regionIds: readonly string[] | null;
  publishedOnly: boolean;
}

export const REPORT_SUMMARY_COLUMNS = [
  "reports.id",
  "reports.sha256",
  "reports.region_id",
  "reports.title",
  "reports.region_name",
  "reports.report_date",
  "reports.summary_year",
  "reports.plan_year",
  "reports.source_path",
  "reports.format",
  "reports.encoding",
  "reports.script",
  "reports.chars",
  "reports.extractor_version",
  "reports.published",
  "reports.deleted_at",
  "reports.created_by",
  "reports.created_at",
  "reports.updated_at",
  "reports.version",
] as const;

export type ReportSummaryRow = Omit<ReportRow, "body"> & { fact_count: number; task_count: number };

export interface ReportFilter {
  /** The filtered region and every region below it. */
  regionIds?: readonly string[] | undefined;
  planYear?: number | undefined;
  /** Substring of the title. */
  title?: string | undefined;
  afterId?: string | undefined;
  limit: number;
}

/** LIKE pattern for a substring, with %, _ and the escape character itself escaped (ESCAPE '\\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Reports without their body, each with its fact and task counts. */
function summaries(q: Q) {
  return q
    .selectFrom("reports")
    .select(REPORT_SUMMARY_COLUMNS)
    .select((eb) => [
      eb
        .selectFrom("facts")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("facts.report_id", "=", "reports.id")
        .as("fact_count"),
      eb
        .selectFrom("tasks")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("tasks.report_id", "=", "reports.id")
        .as("task_count"),
    ]);
}

/** Reports in id order, `limit` after `afterId`, with their fact and task counts; never soft-deleted ones. */
export async function listReports(q: Q, scope: ReadScope, f: ReportFilter): Promise<ReportSummaryRow[]> {
  let query = summaries(q).where("reports.deleted_at", "is", null);
  if (scope.publishedOnly) query = query.where("reports.published", "=", 1);
  if (scope.regionIds !== null) query = query.where(regionIn("reports.region_id", scope.regionIds));
  if (f.regionIds !== undefined) query = query.where(regionIn("reports.region_id", f.regionIds));
  if (f.planYear !== undefined) query = query.where("reports.plan_year", "=", f.planYear);
  if (f.title) query = query.where(sql<boolean>`reports.title like ${containsPattern(f.title)} escape '\\'`);
  if (f.afterId !== undefined) query = query.where("reports.id", ">", f.afterId);
  const rows = await query.orderBy("reports.id").limit(f.limit).execute();
  return rows.map((r) => ({
    ...r,
    fact_count: Number(r.fact_count ?? 0),
    task_count: Number(r.task_count ?? 0),
  }));
}

/** One report without its body, with counts; soft-deleted ones included (callers decide). */
export async function getReportSummary(q: Q, id: string): Promise<ReportSummaryRow | undefined> {
  const row = await summaries(q).where("reports.id", "=", id).executeTakeFirst();
  return row && { ...row, fact_count: Number(row.fact_count ?? 0), task_count: Number(row.task_count ?? 0) };
}

/** What reading one fact or task needs of its report: who may see it, and its title (no counts). */
export async function getReportAccess(
  q: Q,
  id: string,
): Promise<Pick<ReportRow, "id" | "region_id" | "title" | "published" | "deleted_at"> | undefined> {
  return q
    .selectFrom("reports")
    .select(["id", "region_id", "title", "published", "deleted_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function getReportBody(q: Q, id: string): Promise<string | undefined> {
  const row = await q.selectFrom("reports").select("body").where("id", "=", id).executeTakeFirst();
  return row?.body;
}

export async function sectionsOfReport(q: Q, reportId: string) {
  return q
    .selectFrom("sections")
    .selectAll()
    .where("report_id", "=", reportId)
    .orderBy("start_pos")
    .orderBy("id")
    .execute();
}

/** Changes title/publication of the version read; 0 when someone changed the report meanwhile. */
export async function updateReport(
  q: Q,
  id: string,
  version: number,
  set: { title?: string; published?: number; updated_at: string },
): Promise<number> {
  const r = await q
    .updateTable("reports")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Soft delete of the version read; 0 when stale or already deleted. */
export async function softDeleteReport(q: Q, id: string, version: number, now: string): Promise<number> {
  const r = await q
    .updateTable("reports")
    .set({ deleted_at: now, updated_at: now, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
