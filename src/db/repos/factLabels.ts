import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

type Q = Kysely<Database>;

/** Batches of ids stay well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

async function chunked<T>(ids: readonly string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await fn(unique.slice(i, i + CHUNK))));
  return out;
}

/** Names of regions by id. */
export async function regionNames(q: Q, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await chunked(ids, (part) =>
    q.selectFrom("regions").select(["id", "name"]).where("id", "in", part).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Title (or, untitled, the source file) and region name of reports by id. */
export async function reportLabels(
  q: Q,
  ids: readonly string[],
): Promise<Map<string, { title: string | null; sourcePath: string; regionName: string | null }>> {
  const rows = await chunked(ids, (part) =>
    q
      .selectFrom("reports")
      .select(["id", "title", "source_path", "region_name"])
      .where("id", "in", part)
      .execute(),
  );
  return new Map(
    rows.map((r) => [r.id, { title: r.title, sourcePath: r.source_path, regionName: r.region_name }]),
  );
}

/** Section headings of reports, keyed `${reportId}\u0000${sectionExtId}`. */
export async function sectionHeadings(q: Q, reportIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await chunked(reportIds, (part) =>
    q
      .selectFrom("sections")
      .select(["report_id", "ext_id", "heading"])
      .where("report_id", "in", part)
      .execute(),
  );
  return new Map(rows.map((r) => [`${r.report_id}\u0000${r.ext_id}`, r.heading]));
}
