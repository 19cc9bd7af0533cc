import type { Kysely } from "kysely";
import type { QualityLevel, QualityRating, QualityRatingBody } from "../../contract/api/scoring.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import { isUniqueViolation } from "../../db/repos/departments.js";
import {
  getQualityRating,
  insertQualityRating,
  type QualityRatingRow,
  updateQualityRating,
} from "../../db/repos/scoring.js";
import { getUser } from "../../db/repos/users.js";
import type { Database } from "../../db/schema.js";
import { visibleAssignment } from "../assignments/assignments.js";
import { type AppContext, inTransaction } from "../context.js";
import { inRegion, requireRole } from "../guard.js";
import { event } from "../supervision/act.js";

/** The rating as the API shows it, with the rater's name so readers need no access to the user list. */
async function toRating(q: Kysely<Database>, r: QualityRatingRow): Promise<QualityRating> {
  const rater = r.rated_by ? await getUser(q, r.rated_by) : undefined;
  return {
    assignmentId: r.assignment_id,
    level: r.level as QualityLevel,
    reason: r.reason,
    ratedBy: r.rated_by,
    ratedByName: rater?.display_name ?? null,
    ratedAt: r.rated_at,
    version: Number(r.version),
  };
}

/** The rating of an assignment the actor may see; null when it has none. */
export async function getQualityRatingOf(
  ctx: AppContext,
  assignmentId: string,
): Promise<QualityRating | null> {
  const q = ctx.db.kysely;
  await visibleAssignment(q, ctx.actor, assignmentId);
  const row = await getQualityRating(q, assignmentId);
  return row ? toRating(q, row) : null;
}

/**
 * The supervisors' quality rating (质量评价) of a closed assignment, with the reason; it scores the lead
 * department by the rubric. A first rating names no version; a change names the rating's version.
 */
export async function rateQuality(
  ctx: AppContext,
  assignmentId: string,
  body: QualityRatingBody,
): Promise<QualityRating> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const now = ctx.now().toISOString();
  const ratedBy = actor.id === "system" ? null : actor.id;
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      const a = await visibleAssignment(tx, actor, assignmentId);
      if (!inRegion(actor, a.region_id)) throw errors.forbidden("the task is outside your region");
      if (a.status !== "closed")
        throw new DubanError(
          ErrorCode.Conflict,
          `assignment ${assignmentId} is not closed: only a closed assignment is rated`,
          "只有已办结销号的事项才能评价质量",
          { target: assignmentId, status: a.status },
        );
      const before = await getQualityRating(tx, assignmentId);
      const set = { level: body.level, reason: body.reason, rated_by: ratedBy, rated_at: now };
      if (!before) {
        if (body.version !== undefined) throw errors.conflict("quality rating", assignmentId);
        await insertQualityRating(tx, { id: newId(), assignment_id: assignmentId, ...set, version: 1 });
      } else if (
        body.version === undefined ||
        !(await updateQualityRating(tx, assignmentId, body.version, set))
      )
        throw errors.conflict("quality rating", assignmentId);
      const row = await getQualityRating(tx, assignmentId);
      if (!row) throw errors.notFound("quality rating", assignmentId);
      const after = await toRating(tx, row);
      await event(tx, ctx, {
        assignmentId,
        action: "quality",
        detail: { level: body.level, reason: body.reason },
      });
      await audit({
        action: "quality_rating.set",
        entityType: "assignment",
        entityId: assignmentId,
        before: before ? await toRating(tx, before) : undefined,
        after,
      });
      return after;
    });
  } catch (err) {
    // Two first ratings racing: the unique assignment_id decides, the later one is stale.
    if (isUniqueViolation(err)) throw errors.conflict("quality rating", assignmentId);
    throw err;
  }
}
