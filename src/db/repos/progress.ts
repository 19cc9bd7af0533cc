import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, ProgressEntriesTable } from "../schema.js";

type Q = Kysely<Database>;
export type ProgressRow = Selectable<ProgressEntriesTable> & {
  author_name: string | null;
  reviewer_name: string | null;
};

export async function insertProgress(
  q: Q,
  row: Insertable<ProgressEntriesTable>,
  evidenceIds: string[],
): Promise<void> {
  await q.insertInto("progress_entries").values(row).execute();
  const unique = [...new Set(evidenceIds)];
  if (unique.length > 0)
    await q
      .insertInto("progress_evidence")
      .values(unique.map((evidence_id) => ({ progress_id: row.id, evidence_id })))
      .execute();
}

/** Progress entries of an assignment, newest first, below the cursor id. */
export async function listProgress(
  q: Q,
  assignmentId: string,
  opts: { before?: string | undefined; limit: number },
): Promise<ProgressRow[]> {
  let qb = q
    .selectFrom("progress_entries")
    .leftJoin("users", "users.id", "progress_entries.author_id")
    .leftJoin("users as reviewer", "reviewer.id", "progress_entries.reviewed_by")
    .selectAll("progress_entries")
    .select(["users.display_name as author_name", "reviewer.display_name as reviewer_name"])
    .where("progress_entries.assignment_id", "=", assignmentId);
  if (opts.before !== undefined) qb = qb.where("progress_entries.id", "<", opts.before);
  return qb.orderBy("progress_entries.id", "desc").limit(opts.limit).execute();
}

export async function getProgress(q: Q, id: string): Promise<ProgressRow | undefined> {
  return q
    .selectFrom("progress_entries")
    .leftJoin("users", "users.id", "progress_entries.author_id")
    .leftJoin("users as reviewer", "reviewer.id", "progress_entries.reviewed_by")
    .selectAll("progress_entries")
    .select(["users.display_name as author_name", "reviewer.display_name as reviewer_name"])
    .where("progress_entries.id", "=", id)
    .executeTakeFirst();
}

export interface EvidenceLink {
  progress_id: string;
  id: string;
  name: string;
  mime: string;
  size: number;
}

/** The evidence files (without content) of the given progress entries. */
export async function evidenceOf(q: Q, progressIds: string[]): Promise<EvidenceLink[]> {
  if (progressIds.length === 0) return [];
  return q
    .selectFrom("progress_evidence")
    .innerJoin("evidence_files", "evidence_files.id", "progress_evidence.evidence_id")
    .select([
      "progress_evidence.progress_id",
      "evidence_files.id",
      "evidence_files.name",
      "evidence_files.mime",
      "evidence_files.size",
    ])
    .where("progress_evidence.progress_id", "in", progressIds)
    .orderBy("evidence_files.name")
    .execute();
}
