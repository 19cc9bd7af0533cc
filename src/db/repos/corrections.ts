import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

type Q = Kysely<Database>;

export interface CorrectionRow {
  id: string;
  fact_id: string;
  author_id: string | null;
  author_name: string | null;
  reason: string;
  changes: string;
  not_a_fact: number;
  created_at: string;
}

function base(q: Q) {
  return q
    .selectFrom("fact_corrections as c")
    .leftJoin("users as u", "u.id", "c.author_id")
    .select([
      "c.id",
      "c.fact_id",
      "c.author_id",
      "u.display_name as author_name",
      "c.reason",
      "c.changes",
      "c.not_a_fact",
      "c.created_at",
    ]);
}

/** A fact's corrections, oldest first. */
export async function correctionsOfFact(q: Q, factId: string): Promise<CorrectionRow[]> {
  return base(q).where("c.fact_id", "=", factId).orderBy("c.id").execute();
}

/** Corrections of several facts, oldest first. */
export async function correctionsOfFacts(q: Q, factIds: string[]): Promise<CorrectionRow[]> {
  const out: CorrectionRow[] = [];
  const ids = [...new Set(factIds)];
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await base(q)
        .where("c.fact_id", "in", ids.slice(i, i + 500))
        .orderBy("c.id")
        .execute()),
    );
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Corrections of every fact of a report, oldest first. */
export async function correctionsOfReport(q: Q, reportId: string): Promise<CorrectionRow[]> {
  return base(q)
    .innerJoin("facts as f", "f.id", "c.fact_id")
    .where("f.report_id", "=", reportId)
    .orderBy("c.id")
    .execute();
}

export async function latestCorrection(q: Q, factId: string): Promise<CorrectionRow | undefined> {
  return base(q).where("c.fact_id", "=", factId).orderBy("c.id", "desc").limit(1).executeTakeFirst();
}

export async function insertCorrection(
  q: Q,
  row: {
    id: string;
    fact_id: string;
    author_id: string | null;
    reason: string;
    changes: string;
    not_a_fact: number;
    created_at: string;
  },
): Promise<void> {
  await q.insertInto("fact_corrections").values(row).execute();
}
