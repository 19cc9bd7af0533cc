import {
  DEFAULT_RUBRIC,
  Rubric,
  type RubricQuery,
  type RubricVersions,
  type RubricView,
  type SetRubricBody,
} from "../../contract/api/scoring.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import type { Db } from "../../db/database.js";
import { newId } from "../../db/ids.js";
import { isUniqueViolation } from "../../db/repos/departments.js";
import { ancestorsOf, getRegion } from "../../db/repos/regions.js";
import { insertRubric, latestRubrics, type RubricRow, rubricVersions } from "../../db/repos/scoring.js";
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { inRegion, requireRole } from "../guard.js";

type Q = Db["kysely"] | Tx;

/** The scope key of a region's rubrics; "*" is the everywhere rubric. */
export const EVERYWHERE = "*";
const scopeOf = (regionId: string | null) => regionId ?? EVERYWHERE;

/** Stored rubrics keep reading when a later release adds a field: missing fields take the default's. */
function parseRubric(json: string): Rubric {
  return Rubric.parse({ ...DEFAULT_RUBRIC, ...(JSON.parse(json) as object) });
}

/** The region, refusing one that does not exist (404) or lies outside the actor's region (403). */
export async function requireRegionInScope(q: Q, actor: Actor, regionId: string) {
  const region = await getRegion(q, regionId);
  if (!region) throw errors.notFound("region", regionId);
  if (!inRegion(actor, regionId)) throw errors.forbidden("the region is outside your region");
  return region;
}

/**
 * The rubric in force for a region and year: the region's own newest version, else the nearest ancestor's,
 * else the everywhere rubric, else DEFAULT_RUBRIC.
 */
export async function rubricFor(q: Q, regionId: string | null, year: number): Promise<RubricView> {
  const chain = regionId === null ? [] : [regionId, ...(await ancestorsOf(q, regionId))];
  const scopes = [...chain, EVERYWHERE];
  const rows = new Map((await latestRubrics(q, scopes, year)).map((r) => [r.scope, r]));
  const own = rows.get(scopeOf(regionId));
  const found = scopes.map((s) => rows.get(s)).find((r): r is RubricRow => r !== undefined);
  const base = { regionId, year, version: own?.version ?? 0 };
  if (!found)
    return {
      ...base,
      rubric: DEFAULT_RUBRIC,
      source: "default",
      sourceRegionId: null,
      updatedAt: null,
      updatedBy: null,
    };
  return {
    ...base,
    rubric: parseRubric(found.rubric),
    source:
      found.scope === EVERYWHERE ? "everywhere" : found.scope === scopeOf(regionId) ? "region" : "ancestor",
    sourceRegionId: found.region_id,
    updatedAt: found.created_at,
    updatedBy: found.created_by,
  };
}

/** GET: anyone who reads scores reads the rubric behind them. */
export async function getRubric(ctx: AppContext, query: RubricQuery): Promise<RubricView> {
  const actor = requireRole(ctx.actor, "admin", "supervisor", "viewer");
  const q = ctx.db.kysely;
  if (query.regionId !== undefined) await requireRegionInScope(q, actor, query.regionId);
  return rubricFor(q, query.regionId ?? null, query.year);
}

/** Every saved version of a region's own rubric for a year, newest first. */
export async function listRubricVersions(ctx: AppContext, query: RubricQuery): Promise<RubricVersions> {
  const actor = requireRole(ctx.actor, "admin", "supervisor", "viewer");
  const q = ctx.db.kysely;
  if (query.regionId !== undefined) await requireRegionInScope(q, actor, query.regionId);
  const rows = await rubricVersions(q, scopeOf(query.regionId ?? null), query.year);
  return {
    items: rows.map((r) => ({
      version: r.version,
      rubric: parseRubric(r.rubric),
      createdAt: r.created_at,
      createdBy: r.created_by,
    })),
  };
}

function stale(regionId: string | null, year: number): DubanError {
  return new DubanError(
    ErrorCode.Conflict,
    `the rubric of ${regionId ?? "everywhere"} for ${year} was changed by someone else; reload and try again`,
    "考评细则已被他人修改，请刷新后重试",
    { target: "version" },
  );
}

/**
 * Saves a new version of a region's rubric for a year (admins, or a supervisor of the region; the
 * everywhere rubric: admins only). The body names the version it read: 0 when the region had none.
 */
export async function setRubric(ctx: AppContext, body: SetRubricBody): Promise<RubricView> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  if (body.regionId === null && actor.role !== "admin")
    throw errors.forbidden("only admins set the rubric everywhere");
  const scope = scopeOf(body.regionId);
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      if (body.regionId !== null) await requireRegionInScope(tx, actor, body.regionId);
      const [current] = await latestRubrics(tx, [scope], body.year);
      if ((current?.version ?? 0) !== body.version) throw stale(body.regionId, body.year);
      const version = body.version + 1;
      await insertRubric(tx, {
        id: newId(),
        region_id: body.regionId,
        scope,
        year: body.year,
        version,
        rubric: JSON.stringify(body.rubric),
        created_by: actor.id === "system" ? null : actor.id,
        created_at: ctx.now().toISOString(),
      });
      await audit({
        action: "scoring_rubric.set",
        entityType: "scoring_rubric",
        entityId: `${scope}:${body.year}`,
        before: current ? { version: current.version, rubric: JSON.parse(current.rubric) } : undefined,
        after: { version, rubric: body.rubric },
      });
      return rubricFor(tx, body.regionId, body.year);
    });
  } catch (err) {
    // Two saves of the same version racing past the check: the unique (scope, year, version) index decides.
    if (isUniqueViolation(err)) throw stale(body.regionId, body.year);
    throw err;
  }
}
