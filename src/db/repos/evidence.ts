import type { Kysely, Selectable } from "kysely";
import type { Database, EvidenceFilesTable } from "../schema.js";

type Q = Kysely<Database>;
export type EvidenceRow = Selectable<EvidenceFilesTable>;

/**
 * Stores a file under its content hash unless that content is already stored; returns true when it was new.
 * Name and mime of the first upload are kept.
 */
export async function putEvidence(q: Q, row: EvidenceRow): Promise<boolean> {
  const r = await q
    .insertInto("evidence_files")
    .values(row)
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function getEvidence(q: Q, id: string): Promise<EvidenceRow | undefined> {
  return q.selectFrom("evidence_files").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Assignments whose progress entries cite the evidence file. */
export async function assignmentsCitingEvidence(q: Q, evidenceId: string): Promise<string[]> {
  const rows = await q
    .selectFrom("progress_evidence")
    .innerJoin("progress_entries", "progress_entries.id", "progress_evidence.progress_id")
    .select("progress_entries.assignment_id")
    .distinct()
    .where("progress_evidence.evidence_id", "=", evidenceId)
    .execute();
  return rows.map((r) => r.assignment_id);
}
