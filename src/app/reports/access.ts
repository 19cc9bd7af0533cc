import { errors } from "../../core/errors.js";
import type { ReadScope } from "../../db/repos/reports.js";
import type { Actor } from "../actor.js";
import type { AppContext } from "../context.js";
import { inRegion, regionScope, requireRole } from "../guard.js";

/** Options the server hands to read use cases. */
export interface ReadOptions {
  /** Public read-only mode: anonymous callers may read published reports and their facts. */
  publicReadOnly: boolean;
}

/**
 * What the caller may read. Anonymous callers only in public mode, and then only published reports;
 * users with a region that region and every region below it (admins everything).
 */
export function readScope(ctx: AppContext, opts: ReadOptions): ReadScope {
  const actor = ctx.actor;
  if (!actor) {
    if (!opts.publicReadOnly) throw errors.unauthorized();
    return { regionIds: null, publishedOnly: true };
  }
  requireRole(actor, "admin", "supervisor", "department", "viewer");
  return { regionIds: regionScope(actor), publishedOnly: false };
}

/** Reads that are never public (tasks, the indicator catalog). */
export function memberScope(ctx: AppContext): ReadScope {
  return readScope(ctx, { publicReadOnly: false });
}

export function canSeeReport(
  scope: ReadScope,
  report: { region_id: string | null; published: number; deleted_at: string | null },
): boolean {
  if (report.deleted_at !== null) return false;
  if (scope.publishedOnly && report.published !== 1) return false;
  return (
    scope.regionIds === null || (report.region_id !== null && scope.regionIds.includes(report.region_id))
  );
}

/** Supervisors and admins change what lies in their region (or below it). */
export function requireWriter(ctx: AppContext, regionId: string | null): Actor {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  if (!inRegion(actor, regionId)) throw errors.forbidden("outside your region");
  return actor;
}

/** The users.id to record as author; the CLI's system actor is no user row. */
export function authorId(actor: Actor): string | null {
  return actor.id === "system" ? null : actor.id;
}
