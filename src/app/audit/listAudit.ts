import type { AuditEntry, AuditQuery } from "../../contract/api/audit.js";
import { decodeCursor } from "../../contract/api/common.js";
import { listAudit as listAuditRows } from "../../db/repos/audit.js";
import type { AppContext } from "../context.js";
import { regionScope, requireRole } from "../guard.js";
import { splitPage } from "../paging.js";

function parse(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/**
 * The audit log, newest first. Admins and supervisors without a region see every entry; a supervisor of a
 * region sees the entries about the regions, reports, facts, tasks, departments, assignments, milestones,
 * progress and evidence of that region and the regions below it (entries about since-deleted entities or other kinds of entity only admins see).
 */
export async function listAuditEntries(
  ctx: AppContext,
  query: AuditQuery,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const regionIds = actor.role === "supervisor" ? regionScope(actor) : null;
  const scope = regionIds ? { regionIds } : {};
  const rows = await listAuditRows(
    ctx.db.kysely,
    {
      entityType: query.entityType,
      entityId: query.entityId,
      actorId: query.actorId,
      action: query.action,
      since: query.since === undefined ? undefined : new Date(query.since).toISOString(),
      before: decodeCursor(query.cursor),
      limit: query.limit + 1,
    },
    scope,
  );
  const { rows: page, nextCursor } = splitPage(rows, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: parse(r.before),
      after: parse(r.after),
    })),
    nextCursor,
  };
}
