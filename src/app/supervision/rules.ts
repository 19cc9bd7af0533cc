import type { RulesQuery, RulesRow, RulesView, SetRulesBody } from "../../contract/api/supervision.js";
import { shanghaiDay } from "../../core/calendar/index.js";
import { errors } from "../../core/errors.js";
import { parseRules, rulesAt } from "../../core/supervise/rules.js";
import { newId } from "../../db/ids.js";
import { getRegion } from "../../db/repos/regions.js";
import {
  insertRules,
  type RulesRecord,
  regionParents,
  rulesOf,
  staleAllColours,
} from "../../db/repos/supervision.js";
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { inRegion, requireRole } from "../guard.js";
import { regionChain } from "./engine.js";

function present(r: RulesRecord): RulesRow {
  return {
    id: r.id,
    regionId: r.region_id,
    regionName: r.region_name,
    effectiveFrom: r.effective_from,
    rules: parseRules(r.rules),
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** Admins set rules anywhere (nationwide too); supervisors for their region and the regions below it. */
function mayEdit(actor: Actor, regionId: string | null): boolean {
  if (actor.role === "admin") return true;
  return actor.role === "supervisor" && regionId !== null && inRegion(actor, regionId);
}

async function view(q: Tx, actor: Actor, regionId: string | null, day: string): Promise<RulesView> {
  const chain = regionChain(await regionParents(q), regionId);
  const rows = await rulesOf(q, chain);
  const inForce = (r: RulesRecord) => r.effective_from <= day;
  let effectiveRowId: string | null = null;
  for (const region of chain) {
    const own = rows.filter((r) => r.region_id === region && inForce(r));
    if (own.length > 0) {
      effectiveRowId = (own.at(-1) as RulesRecord).id;
      break;
    }
  }
  const order = (r: RulesRecord) => chain.indexOf(r.region_id);
  return {
    regionId,
    day,
    effective: rulesAt(
      rows.map((r) => ({ regionId: r.region_id, effectiveFrom: r.effective_from, rules: r.rules })),
      chain,
      day,
    ),
    effectiveRowId,
    rows: [...rows]
      .sort((a, b) => order(a) - order(b) || (a.effective_from < b.effective_from ? 1 : -1))
      .map(present),
    canEdit: mayEdit(actor, regionId),
  };
}

/**
 * The status rules of a region (by default the caller's own; nationwide for an admin): the rows it has and
 * inherits, and what judges its tasks on a day. Supervisors see the regions in their scope.
 */
export async function listSupervisionRules(ctx: AppContext, query: RulesQuery): Promise<RulesView> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const regionId = query.regionId ?? (actor.role === "admin" ? null : actor.regionId);
  if (regionId !== null) {
    if (!(await getRegion(ctx.db.kysely, regionId))) throw errors.notFound("region", regionId);
    if (!inRegion(actor, regionId)) throw errors.forbidden("the region is outside your region");
  }
  return view(ctx.db.kysely, actor, regionId, query.day ?? shanghaiDay(ctx.now()));
}

/**
 * New rules for a region from a day on. The past stays judged by the rules in force then, so a change takes
 * effect today at the earliest.
 */
export async function setSupervisionRules(ctx: AppContext, input: SetRulesBody): Promise<RulesView> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const today = shanghaiDay(ctx.now());
  return inTransaction(ctx, async (tx, audit) => {
    if (input.regionId !== null && !(await getRegion(tx, input.regionId)))
      throw errors.notFound("region", input.regionId);
    if (!mayEdit(actor, input.regionId))
      throw errors.forbidden(
        input.regionId === null ? "only admins set nationwide rules" : "outside your region",
      );
    if (input.effectiveFrom < today)
      throw errors.invalid("effectiveFrom", "rules take effect today or later", "规则只能自今天或以后生效");
    const id = newId();
    await insertRules(tx, {
      id,
      region_id: input.regionId,
      effective_from: input.effectiveFrom,
      rules: JSON.stringify(input.rules),
      created_by: actor.id === "system" ? null : actor.id,
      created_at: ctx.now().toISOString(),
    });
    // In force today: every colour is to be recomputed now; later, the day's first run sees to it.
    if (input.effectiveFrom === today) await staleAllColours(tx);
    await audit({
      action: "supervision.rules_set",
      entityType: "supervision_rules",
      entityId: id,
      after: { regionId: input.regionId, effectiveFrom: input.effectiveFrom, rules: input.rules },
    });
    return view(tx, actor, input.regionId, today);
  });
}
