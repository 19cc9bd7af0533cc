import type {
  AddSynonymBody,
  CreateIndicatorBody,
  IndicatorView,
  UpdateIndicatorBody,
} from "../../contract/api/indicators.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import { linkIndicatorName } from "../../db/repos/facts.js";
import {
  deleteSynonym,
  findIndicatorByName,
  findSynonym,
  getIndicator,
  insertIndicator,
  insertSynonym,
  synonymsOf,
  touchIndicator,
  updateIndicator as updateIndicatorRow,
} from "../../db/repos/indicators.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { requireRole } from "../guard.js";
import { loadIndicator } from "./listIndicators.js";

function nameTaken(name: string): DubanError {
  return new DubanError(
    ErrorCode.Conflict,
    `an indicator named ${name} already exists`,
    `指标“${name}”已存在`,
    { target: "name" },
  );
}

async function requireFreeSynonym(tx: Tx, synonym: string, owner?: string): Promise<boolean> {
  const found = await findSynonym(tx, synonym);
  if (!found) return true;
  if (found.indicator_id === owner) return false;
  throw new DubanError(
    ErrorCode.Conflict,
    `synonym ${synonym} already belongs to indicator ${found.indicator_id}`,
    `同义词“${synonym}”已属于其他指标`,
    { target: "synonyms", indicatorId: found.indicator_id },
  );
}

/** Adds a catalog entry; facts whose extracted indicator is one of its names are linked to it. */
export async function createIndicator(ctx: AppContext, body: CreateIndicatorBody): Promise<IndicatorView> {
  requireRole(ctx.actor, "admin", "supervisor");
  const synonyms = [...new Set([body.name, ...body.synonyms])];
  return inTransaction(ctx, async (tx, audit) => {
    if (await findIndicatorByName(tx, body.name)) throw nameTaken(body.name);
    for (const s of synonyms) await requireFreeSynonym(tx, s);
    const id = newId();
    await insertIndicator(tx, {
      id,
      name: body.name,
      category: body.category ?? null,
      unit: body.unit ?? null,
      created_at: ctx.now().toISOString(),
      version: 1,
    });
    let relinked = 0;
    for (const s of synonyms) {
      await insertSynonym(tx, s, id);
      relinked += await linkIndicatorName(tx, s, id);
    }
    const view = await loadIndicator(tx, id);
    await audit({
      action: "indicator.create",
      entityType: "indicator",
      entityId: id,
      after: { name: view.name, category: view.category, unit: view.unit, synonyms: view.synonyms, relinked },
    });
    return view;
  });
}

/** Renames or re-files a catalog entry; the caller names the version it read. */
export async function updateIndicator(
  ctx: AppContext,
  id: string,
  body: UpdateIndicatorBody,
): Promise<IndicatorView> {
  requireRole(ctx.actor, "admin", "supervisor");
  return inTransaction(ctx, async (tx, audit) => {
    const before = await getIndicator(tx, id);
    if (!before) throw errors.notFound("indicator", id);
    if (body.name !== undefined && body.name !== before.name) {
      const other = await findIndicatorByName(tx, body.name);
      if (other && other.id !== id) throw nameTaken(body.name);
    }
    const set: { name?: string; category?: string | null; unit?: string | null } = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.category !== undefined) set.category = body.category;
    if (body.unit !== undefined) set.unit = body.unit;
    if ((await updateIndicatorRow(tx, id, body.version, set)) === 0) throw errors.conflict("indicator", id);
    const view = await loadIndicator(tx, id);
    await audit({
      action: "indicator.update",
      entityType: "indicator",
      entityId: id,
      before: { name: before.name, category: before.category, unit: before.unit, version: before.version },
      after: { name: view.name, category: view.category, unit: view.unit, version: view.version },
    });
    return view;
  });
}

/** Adds a name for an indicator and links the facts that use that name, in the same transaction. */
export async function addSynonym(ctx: AppContext, id: string, body: AddSynonymBody): Promise<IndicatorView> {
  requireRole(ctx.actor, "admin", "supervisor");
  return inTransaction(ctx, async (tx, audit) => {
    if (!(await getIndicator(tx, id))) throw errors.notFound("indicator", id);
    if (!(await requireFreeSynonym(tx, body.synonym, id))) return loadIndicator(tx, id);
    const before = (await synonymsOf(tx, [id])).get(id) ?? [];
    await insertSynonym(tx, body.synonym, id);
    const relinked = await linkIndicatorName(tx, body.synonym, id);
    await touchIndicator(tx, id);
    const view = await loadIndicator(tx, id);
    await audit({
      action: "indicator.synonym.add",
      entityType: "indicator",
      entityId: id,
      before: { synonyms: before },
      after: { synonyms: view.synonyms, added: body.synonym, relinked },
    });
    return view;
  });
}

/** Removes a name from an indicator; facts that used it are unlinked, in the same transaction. */
export async function removeSynonym(ctx: AppContext, id: string, synonym: string): Promise<IndicatorView> {
  requireRole(ctx.actor, "admin", "supervisor");
  return inTransaction(ctx, async (tx, audit) => {
    if (!(await getIndicator(tx, id))) throw errors.notFound("indicator", id);
    const before = (await synonymsOf(tx, [id])).get(id) ?? [];
    if ((await deleteSynonym(tx, synonym, id)) === 0) throw errors.notFound("synonym", synonym);
    const unlinked = await linkIndicatorName(tx, synonym, null, id);
    await touchIndicator(tx, id);
    const view = await loadIndicator(tx, id);
    await audit({
      action: "indicator.synonym.remove",
      entityType: "indicator",
      entityId: id,
      before: { synonyms: before },
      after: { synonyms: view.synonyms, removed: synonym, unlinked },
    });
    return view;
  });
}
