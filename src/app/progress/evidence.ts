import { errors } from "../../core/errors.js";
import { getAssignment } from "../../db/repos/assignments.js";
import { assignmentsCitingEvidence, type EvidenceRow, getEvidence } from "../../db/repos/evidence.js";
import { assignmentScope } from "../assignments/scope.js";
import type { AppContext } from "../context.js";

/**
 * An evidence file with its content, for those who may see an assignment whose progress cites it; to anyone
 * else it does not exist (404).
 */
export async function getEvidenceFile(ctx: AppContext, id: string): Promise<EvidenceRow> {
  const q = ctx.db.kysely;
  const scope = assignmentScope(ctx.actor);
  if (!scope) throw errors.notFound("evidence", id);
  const assignments = await assignmentsCitingEvidence(q, id);
  let visible = false;
  for (const a of assignments)
    if (await getAssignment(q, a, scope)) {
      visible = true;
      break;
    }
  const row = visible ? await getEvidence(q, id) : undefined;
  if (!row) throw errors.notFound("evidence", id);
  return row;
}
