import type { Kysely } from "kysely";
import { newId } from "../ids.js";
import type { Database, RegionLevel } from "../schema.js";

/** The level a region's name implies (四川省 → province, 慈溪市 → city …); good enough to file a report. */
export function levelOfName(name: string): RegionLevel {
  if (/国务院|全国|中华人民共和国/u.test(name)) return "national";
  if (/(?:新区|高新区|开发区|经济区|园区)$/u.test(name)) return "zone";
  if (/(?:省|自治区|特别行政区)$/u.test(name)) return "province";
  if (/(?:市|自治州|州|盟)$/u.test(name)) return "city";
  if (/(?:县|旗|自治县)$/u.test(name)) return "county";
  return "district";
}

/** Finds a top-level region by name, creating it when new. */
export async function findOrCreateRegion(q: Kysely<Database>, name: string, now: string): Promise<string> {
  const found = await q.selectFrom("regions").select("id").where("name", "=", name).executeTakeFirst();
  if (found) return found.id;
  const id = newId();
  await q
    .insertInto("regions")
    .values({ id, name, level: levelOfName(name), parent_id: null, created_at: now })
    .execute();
  return id;
}
