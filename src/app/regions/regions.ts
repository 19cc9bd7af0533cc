import type {
  CreateRegionBody,
  Region,
  RegionList,
  RegionListQuery,
  UpdateRegionBody,
} from "../../contract/api/regions.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import { isUniqueViolation } from "../../db/repos/departments.js";
import {
  ancestorsOf,
  findRegionByName,
  getRegion,
  insertRegion,
  listRegions as listRegionRows,
  lockRegionTree,
  updateRegion as updateRegionRow,
} from "../../db/repos/regions.js";
import type { RegionRow } from "../../db/schema.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { requireRole } from "../guard.js";

export function toRegion(row: RegionRow): Region {
  return {
    id: row.id,
    name: row.name,
    level: row.level,
    parentId: row.parent_id,
    createdAt: row.created_at,
    version: Number(row.version),
  };
}

function nameTaken(name: string): DubanError {
  return new DubanError(
    ErrorCode.Conflict,
    `a region named "${name}" already exists under the same parent`,
    `同一上级地区下已有名为“${name}”的地区`,
    { target: "name" },
  );
}

async function requireParent(tx: Tx, parentId: string): Promise<RegionRow> {
  const parent = await getRegion(tx, parentId);
  if (!parent)
    throw new DubanError(
      ErrorCode.InvalidArgument,
      `parentId: no region ${parentId}`,
      `parentId：上级地区不存在（${parentId}）`,
      { target: "parentId" },
    );
  return parent;
}

/**
 * Refuses to file `region` under `parent` when that would close a loop: the parent is the region itself or
 * lies below it (a region cannot become its own ancestor).
 */
async function refuseCycle(tx: Tx, region: RegionRow, parent: RegionRow): Promise<void> {
  const above = parent.id === region.id ? [] : await ancestorsOf(tx, parent.id);
  if (parent.id !== region.id && !above.includes(region.id)) return;
  throw new DubanError(
    ErrorCode.Conflict,
    parent.id === region.id
      ? `region "${region.name}" cannot be its own parent`
      : `region "${region.name}" cannot be moved under "${parent.name}", which lies within it: a region cannot become its own ancestor`,
    parent.id === region.id
      ? `地区“${region.name}”不能以自己为上级`
      : `不能把地区“${region.name}”移到“${parent.name}”之下：“${parent.name}”是它的下级地区，地区不能成为自己的上级（会形成循环）`,
    { target: "parentId", cycle: true },
  );
}

/** Every region as a flat list (each with its parent and level), or the children of one; any signed-in role. */
export async function listRegions(ctx: AppContext, query: RegionListQuery): Promise<RegionList> {
  requireRole(ctx.actor, "admin", "supervisor", "department", "viewer");
  const rows = await listRegionRows(ctx.db.kysely, { parentId: query.parentId });
  return { items: rows.map(toRegion) };
}

export async function getRegionById(ctx: AppContext, id: string): Promise<Region> {
  requireRole(ctx.actor, "admin", "supervisor", "department", "viewer");
  const row = await getRegion(ctx.db.kysely, id);
  if (!row) throw errors.notFound("region", id);
  return toRegion(row);
}

/** Adds a region, top-level or under a parent (admins only). */
export async function createRegion(ctx: AppContext, input: CreateRegionBody): Promise<Region> {
  requireRole(ctx.actor, "admin");
  const parentId = input.parentId ?? null;
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      await lockRegionTree(tx, ctx.db.dialect);
      if (parentId !== null) await requireParent(tx, parentId);
      if (await findRegionByName(tx, input.name, parentId)) throw nameTaken(input.name);
      const row: RegionRow = {
        id: newId(),
        name: input.name,
        level: input.level,
        parent_id: parentId,
        created_at: ctx.now().toISOString(),
        version: 1,
      };
      await insertRegion(tx, row);
      const region = toRegion(row);
      await audit({ action: "region.create", entityType: "region", entityId: row.id, after: region });
      return region;
    });
  } catch (err) {
    // Two creations racing past the check: the unique index decides.
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

/**
 * Renames a region, changes its level or files it under another parent (admins only); names the version it
 * read. Moving a region moves everything below it: supervisors above the new parent see it from then on.
 */
export async function updateRegion(ctx: AppContext, id: string, input: UpdateRegionBody): Promise<Region> {
  requireRole(ctx.actor, "admin");
  let name = input.name ?? "";
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      await lockRegionTree(tx, ctx.db.dialect);
      const before = await getRegion(tx, id);
      if (!before) throw errors.notFound("region", id);
      if (Number(before.version) !== input.version) throw errors.conflict("region", id);
      const set: { name?: string; level?: RegionRow["level"]; parent_id?: string | null } = {};
      if (input.parentId !== undefined && input.parentId !== before.parent_id) {
        if (input.parentId !== null) await refuseCycle(tx, before, await requireParent(tx, input.parentId));
        set.parent_id = input.parentId;
      }
      if (input.name !== undefined && input.name !== before.name) set.name = input.name;
      if (input.level !== undefined && input.level !== before.level) set.level = input.level;
      name = set.name ?? before.name;
      const parentId = set.parent_id !== undefined ? set.parent_id : before.parent_id;
      if (
        (set.name !== undefined || set.parent_id !== undefined) &&
        (await findRegionByName(tx, name, parentId, id))
      )
        throw nameTaken(name);
      if (!(await updateRegionRow(tx, id, input.version, set))) throw errors.conflict("region", id);
      const after = await getRegion(tx, id);
      if (!after) throw errors.notFound("region", id);
      const region = toRegion(after);
      await audit({
        action: "region.update",
        entityType: "region",
        entityId: id,
        before: toRegion(before),
        after: region,
      });
      return region;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}
