import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Dialect } from "../database.js";
import { newId } from "../ids.js";
import type { Database, RegionLevel, RegionRow } from "../schema.js";

type Q = Kysely<Database>;

/** The level a region's name implies (四川省 → province, 慈溪市 → city …); good enough to file a report. */
export function levelOfName(name: string): RegionLevel {
  if (/国务院|全国|中华人民共和国/u.test(name)) return "national";
  if (/(?:新区|高新区|开发区|经济区|园区)$/u.test(name)) return "zone";
  if (/(?:省|自治区|特别行政区)$/u.test(name)) return "province";
  if (/(?:市|自治州|州|盟)$/u.test(name)) return "city";
  if (/(?:县|旗|自治县)$/u.test(name)) return "county";
  return "district";
}

/**
 * Finds a region by name (wherever an admin has filed it), creating a top-level one when new. Two ingests
 * racing to create the same name: the unique index lets one insert through and the other finds its row.
 */
export async function findOrCreateRegion(q: Q, name: string, now: string): Promise<string> {
  const found = await q.selectFrom("regions").select("id").where("name", "=", name).executeTakeFirst();
  if (found) return found.id;
  const id = newId();
  await q
    .insertInto("regions")
    .values({ id, name, level: levelOfName(name), parent_id: null, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await q
    .selectFrom("regions")
    .select("id")
    .where("name", "=", name)
    .where("parent_id", "is", null)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The region and every region below it, at any depth (one recursive query; UNION, not UNION ALL, so even a
 * corrupt tree with a cycle terminates). The region itself is always in the list.
 */
export async function regionAndDescendants(q: Q, regionId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with recursive sub(id) as (
      select r.id from regions r where r.id = ${regionId}
      union
      select c.id from regions c join sub on c.parent_id = sub.id
    )
    select id from sub`.execute(q);
  const ids = r.rows.map((row) => row.id);
  return ids.includes(regionId) ? ids : [regionId, ...ids];
}

/** The region's ancestors, nearest first (its parent, grandparent …). */
export async function ancestorsOf(q: Q, regionId: string): Promise<string[]> {
  const r = await sql<{ id: string; depth: number }>`
    with recursive up(id, parent_id, depth) as (
      select r.id, r.parent_id, 0 from regions r where r.id = ${regionId}
      union
      select p.id, p.parent_id, up.depth + 1 from regions p join up on p.id = up.parent_id where up.depth < 64
    )
    select id, depth from up where depth > 0 order by depth`.execute(q);
  return r.rows.map((row) => row.id);
}

/**
 * `column in (ids)`: a row whose region is one of `ids`. An empty list matches nothing (SQL has no empty IN
 * list); a single id is planned as plain equality on both databases.
 */
export function regionIn(column: string, ids: readonly string[]): RawBuilder<SqlBool> {
  if (ids.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})`;
}

/**
 * Serializes changes to the region tree: two re-parentings checked against the same old tree could together
 * make a cycle. SQLite transactions already run one at a time (BEGIN IMMEDIATE); PostgreSQL takes a
 * transaction-scoped advisory lock.
 */
export async function lockRegionTree(q: Q, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") await sql`select pg_advisory_xact_lock(hashtext('duban.regions'))`.execute(q);
}

export async function getRegion(q: Q, id: string): Promise<RegionRow | undefined> {
  return q.selectFrom("regions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Every region (or the children of one), by name then id. The whole tree of a country is a few thousand rows. */
export async function listRegions(q: Q, filter: { parentId?: string | undefined }): Promise<RegionRow[]> {
  let query = q.selectFrom("regions").selectAll();
  if (filter.parentId !== undefined) query = query.where("parent_id", "=", filter.parentId);
  return query.orderBy("name").orderBy("id").execute();
}

/** The region of this name directly under `parentId` (null: top level). */
export async function findRegionByName(
  q: Q,
  name: string,
  parentId: string | null,
  exceptId?: string,
): Promise<RegionRow | undefined> {
  let query = q
    .selectFrom("regions")
    .selectAll()
    .where("name", "=", name)
    .where("parent_id", parentId === null ? "is" : "=", parentId);
  if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
  return query.executeTakeFirst();
}

export async function insertRegion(q: Q, row: Omit<RegionRow, "version">): Promise<void> {
  await q
    .insertInto("regions")
    .values({ ...row, version: 1 })
    .execute();
}

/** Updates a region if it still has `version`; false when someone changed it first. */
export async function updateRegion(
  q: Q,
  id: string,
  version: number,
  set: { name?: string; level?: RegionLevel; parent_id?: string | null },
): Promise<boolean> {
  const r = await q
    .updateTable("regions")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
