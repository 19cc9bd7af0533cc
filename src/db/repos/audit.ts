import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import type { AuditRow, Database } from "../schema.js";
import { regionIn } from "./regions.js";

type Q = Kysely<Database>;

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  /** ISO timestamp: entries at or after it. */
  since?: string | undefined;
  /** Cursor: ids below this one (newest first). */
  before?: string | undefined;
  limit: number;
}

export type AuditListRow = AuditRow & { actor_name: string | null };

type Eb = ExpressionBuilder<Database, "audit_log">;

/**
 * Entries whose entity lies in one of the regions, for the entity types whose region is known: regions
 * themselves, reports, facts, tasks, departments, assignments, milestones, progress entries and evidence
 * files. Entries about other entity types, and about entities since deleted, are not in any region.
 */
function inRegions(eb: Eb, regionIds: readonly string[]): Expression<SqlBool> {
  const within = (column: string) => regionIn(column, regionIds);
  const is = (type: string, sub: Expression<SqlBool>) =>
    eb.and([eb("audit_log.entity_type", "=", type), sub]);
  // Tables that carry their own region_id: the entity's row is looked up by id.
  const ownRegion = (table: "reports" | "facts" | "tasks" | "departments") =>
    eb.exists(
      eb
        .selectFrom(table)
        .select("id")
        .whereRef("id", "=", "audit_log.entity_id")
        .where(within(`${table}.region_id`)),
    );
  const assignmentInRegion = (ref: "a.id") =>
    eb.exists(
      eb
        .selectFrom("assignments as a")
        .innerJoin("tasks as t", "t.id", "a.task_id")
        .select("a.id")
        .whereRef(ref, "=", "audit_log.entity_id")
        .where(within("t.region_id")),
    );
  return eb.or([
    is("region", within("audit_log.entity_id")),
    is("report", ownRegion("reports")),
    is("fact", ownRegion("facts")),
    is("task", ownRegion("tasks")),
    is("department", ownRegion("departments")),
    is("assignment", assignmentInRegion("a.id")),
    is(
      "milestone",
      eb.exists(
        eb
          .selectFrom("milestones as m")
          .innerJoin("assignments as a", "a.id", "m.assignment_id")
          .innerJoin("tasks as t", "t.id", "a.task_id")
          .select("m.id")
          .whereRef("m.id", "=", "audit_log.entity_id")
          .where(within("t.region_id")),
      ),
    ),
    is(
      "progress",
      eb.exists(
        eb
          .selectFrom("progress_entries as p")
          .innerJoin("assignments as a", "a.id", "p.assignment_id")
          .innerJoin("tasks as t", "t.id", "a.task_id")
          .select("p.id")
          .whereRef("p.id", "=", "audit_log.entity_id")
          .where(within("t.region_id")),
      ),
    ),
    is(
      "evidence",
      eb.exists(
        eb
          .selectFrom("progress_evidence as pe")
          .innerJoin("progress_entries as p", "p.id", "pe.progress_id")
          .innerJoin("assignments as a", "a.id", "p.assignment_id")
          .innerJoin("tasks as t", "t.id", "a.task_id")
          .select("pe.evidence_id")
          .whereRef("pe.evidence_id", "=", "audit_log.entity_id")
          .where(within("t.region_id")),
      ),
    ),
  ]);
}

/** A page of audit entries, newest first; `regionIds` limits them to entities of those regions. */
export async function listAudit(
  q: Q,
  filter: AuditFilter,
  scope: { regionIds?: readonly string[] },
): Promise<AuditListRow[]> {
  return q
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .selectAll("audit_log")
    .select("users.username as actor_name")
    .where((eb) => {
      const c: Expression<SqlBool>[] = [];
      if (filter.entityType !== undefined) c.push(eb("audit_log.entity_type", "=", filter.entityType));
      if (filter.entityId !== undefined) c.push(eb("audit_log.entity_id", "=", filter.entityId));
      if (filter.actorId !== undefined) c.push(eb("audit_log.actor_id", "=", filter.actorId));
      if (filter.action !== undefined) c.push(eb("audit_log.action", "=", filter.action));
      if (filter.since !== undefined) c.push(eb("audit_log.at", ">=", filter.since));
      if (filter.before !== undefined) c.push(eb("audit_log.id", "<", filter.before));
      if (scope.regionIds !== undefined) c.push(inRegions(eb as unknown as Eb, scope.regionIds));
      return eb.and(c);
    })
    .orderBy("audit_log.id", "desc")
    .limit(filter.limit)
    .execute();
}
