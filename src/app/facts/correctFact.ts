import type { CorrectFactBody, CorrectionChanges, FactDetail } from "../../contract/api/facts.js";
import { errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import { correctionsOfFact, insertCorrection, latestCorrection } from "../../db/repos/corrections.js";
import { bumpFactVersion, getFact as getFactRow } from "../../db/repos/facts.js";
import { getReportAccess } from "../../db/repos/reports.js";
import { type AppContext, inTransaction } from "../context.js";
import { authorId, requireWriter } from "../reports/access.js";
import {
  extractedValues,
  overlay,
  parseChanges,
  presentCorrections,
  presentFactWithCorrections,
} from "./present.js";

/**
 * Records a person's correction of a fact as its own record (author, reason, changes). The extracted values
 * stay as they are; the fact's version goes up, so a correction made on stale data gets 409. Each record
 * holds the whole overlay in force after it: the latest one alone gives the current values.
 */
export async function correctFact(
  ctx: AppContext,
  factId: string,
  body: CorrectFactBody,
): Promise<FactDetail> {
  const hasChanges = body.changes !== undefined && Object.keys(body.changes).length > 0;
  if (!hasChanges && !body.revert?.length && body.notAFact === undefined)
    throw errors.invalid(
      "changes",
      "name at least one field to change, a field to revert, or notAFact",
      "请至少给出一项更正内容",
    );
  return inTransaction(ctx, async (tx, audit) => {
    const fact = await getFactRow(tx, factId);
    const report = fact && (await getReportAccess(tx, fact.report_id));
    if (!fact || !report || report.deleted_at !== null) throw errors.notFound("fact", factId);
    const actor = requireWriter(ctx, fact.region_id);
    // The version check takes the row first, so concurrent corrections line up behind it.
    if ((await bumpFactVersion(tx, factId, body.version)) === 0) throw errors.conflict("fact", factId);
    const latest = await latestCorrection(tx, factId);
    const before: CorrectionChanges = latest ? parseChanges(latest.changes) : {};
    const next: CorrectionChanges = { ...before, ...(body.changes ?? {}) };
    for (const field of body.revert ?? []) delete next[field];
    const notAFact = body.notAFact ?? latest?.not_a_fact === 1;
    const extracted = extractedValues(fact);
    const id = newId();
    const createdAt = ctx.now().toISOString();
    await insertCorrection(tx, {
      id,
      fact_id: factId,
      author_id: authorId(actor),
      reason: body.reason,
      changes: JSON.stringify(next),
      not_a_fact: notAFact ? 1 : 0,
      created_at: createdAt,
    });
    await audit({
      action: "fact.correct",
      entityType: "fact",
      entityId: factId,
      before: {
        version: fact.version,
        current: overlay(extracted, before),
        notAFact: latest?.not_a_fact === 1,
      },
      after: {
        version: fact.version + 1,
        current: overlay(extracted, next),
        notAFact,
        correctionId: id,
        reason: body.reason,
      },
    });
    const corrections = presentCorrections(await correctionsOfFact(tx, factId));
    return {
      ...presentFactWithCorrections({ ...fact, version: fact.version + 1 }, corrections),
      reportTitle: report.title,
    };
  });
}
