import type { Kysely } from "kysely";
import type { Database, RegionRow } from "../schema.js";
import type { DepartmentRow } from "./departments.js";

type Q = Kysely<Database>;

const CHUNK = 500;

/** Regions whose name is one of `names` (several per name when different parents hold the same name). */
export async function regionsNamed(q: Q, names: readonly string[]): Promise<RegionRow[]> {
  const unique = [...new Set(names)];
  const out: RegionRow[] = [];
  for (let i = 0; i < unique.length; i += CHUNK)
    out.push(
      ...(await q
        .selectFrom("regions")
        .selectAll()
        .where("name", "in", unique.slice(i, i + CHUNK))
        .execute()),
    );
  return out;
}

export async function regionsById(q: Q, ids: readonly string[]): Promise<RegionRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return q.selectFrom("regions").selectAll().where("id", "in", unique).execute();
}

/** Every department of the given regions. */
export async function departmentsOfRegions(q: Q, regionIds: readonly string[]): Promise<DepartmentRow[]> {
  const unique = [...new Set(regionIds)];
  const out: DepartmentRow[] = [];
  for (let i = 0; i < unique.length; i += CHUNK)
    out.push(
      ...(await q
        .selectFrom("departments")
        .selectAll()
        .where("region_id", "in", unique.slice(i, i + CHUNK))
        .execute()),
    );
  return out;
}
