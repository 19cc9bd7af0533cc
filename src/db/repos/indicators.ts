import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

type Q = Kysely<Database>;

export interface IndicatorRow {
  id: string;
  name: string;
  category: string | null;
  unit: string | null;
  created_at: string;
  version: number;
}

export async function listIndicators(
  q: Q,
  afterId: string | undefined,
  limit: number,
): Promise<IndicatorRow[]> {
  let query = q.selectFrom("indicators").selectAll();
  if (afterId !== undefined) query = query.where("id", ">", afterId);
  return query.orderBy("id").limit(limit).execute();
}

export async function getIndicator(q: Q, id: string): Promise<IndicatorRow | undefined> {
  return q.selectFrom("indicators").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findIndicatorByName(q: Q, name: string): Promise<IndicatorRow | undefined> {
  return q.selectFrom("indicators").selectAll().where("name", "=", name).executeTakeFirst();
}

/** A free indicator name or id → the catalog id: by id, by synonym, then by catalog name. */
export async function resolveIndicator(q: Q, nameOrId: string): Promise<string | undefined> {
  const byId = await q.selectFrom("indicators").select("id").where("id", "=", nameOrId).executeTakeFirst();
  if (byId) return byId.id;
  const bySynonym = await findSynonym(q, nameOrId);
  if (bySynonym) return bySynonym.indicator_id;
  return (await findIndicatorByName(q, nameOrId))?.id;
}

export async function findSynonym(
  q: Q,
  synonym: string,
): Promise<{ synonym: string; indicator_id: string } | undefined> {
  return q.selectFrom("indicator_synonyms").selectAll().where("synonym", "=", synonym).executeTakeFirst();
}

/** Synonyms of the given indicators, alphabetically. */
export async function synonymsOf(q: Q, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await q
    .selectFrom("indicator_synonyms")
    .selectAll()
    .where("indicator_id", "in", ids)
    .orderBy("synonym")
    .execute();
  for (const r of rows) {
    const list = out.get(r.indicator_id) ?? [];
    list.push(r.synonym);
    out.set(r.indicator_id, list);
  }
  return out;
}

/**
 * How many facts of reports not deleted are linked to each of the given indicators: all linked facts (read
 * from the covering facts_indicator index) minus those of deleted reports.
 */
export async function usageCounts(q: Q, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const all = await q
    .selectFrom("facts")
    .select((eb) => ["indicator_id", eb.fn.countAll<number>().as("n")])
    .where("indicator_id", "in", ids)
    .groupBy("indicator_id")
    .execute();
  for (const r of all) if (r.indicator_id) out.set(r.indicator_id, Number(r.n));
  const deleted = await q
    .selectFrom("facts")
    .select((eb) => ["indicator_id", eb.fn.countAll<number>().as("n")])
    .where("report_id", "in", q.selectFrom("reports").select("id").where("deleted_at", "is not", null))
    .where("indicator_id", "in", ids)
    .groupBy("indicator_id")
    .execute();
  for (const r of deleted)
    if (r.indicator_id) out.set(r.indicator_id, (out.get(r.indicator_id) ?? 0) - Number(r.n));
  return out;
}

export async function insertIndicator(q: Q, row: IndicatorRow): Promise<void> {
  await q.insertInto("indicators").values(row).execute();
}

/** Changes the version read; 0 when someone changed the indicator meanwhile. */
export async function updateIndicator(
  q: Q,
  id: string,
  version: number,
  set: { name?: string; category?: string | null; unit?: string | null },
): Promise<number> {
  const r = await q
    .updateTable("indicators")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertSynonym(q: Q, synonym: string, indicatorId: string): Promise<void> {
  await q.insertInto("indicator_synonyms").values({ synonym, indicator_id: indicatorId }).execute();
}

export async function deleteSynonym(q: Q, synonym: string, indicatorId: string): Promise<number> {
  const r = await q
    .deleteFrom("indicator_synonyms")
    .where("synonym", "=", synonym)
    .where("indicator_id", "=", indicatorId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Bumps the version after a change to the synonyms, so a concurrent edit of the entry sees it. */
export async function touchIndicator(q: Q, id: string): Promise<void> {
  await q
    .updateTable("indicators")
    .set((eb) => ({ version: eb("version", "+", 1) }))
    .where("id", "=", id)
    .execute();
}
