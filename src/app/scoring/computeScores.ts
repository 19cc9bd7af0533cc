import { type Period, parsePeriod, type Scores, type ScoresQuery } from "../../contract/api/scoring.js";
import { shanghaiDay } from "../../core/calendar/index.js";
import { judgedDay, scoreDepartments } from "../../core/supervise/scoring.js";
import { regionAndDescendants } from "../../db/repos/regions.js";
import type { RegionRow } from "../../db/schema.js";
import type { AppContext } from "../context.js";
import { requireRole } from "../guard.js";
import { loadFacts, type RegionFacts } from "./facts.js";
import { requireRegionInScope, rubricFor } from "./rubric.js";
import { loadStatusSetting, type StatusSetting } from "./setting.js";

export interface RegionPeriod {
  region: RegionRow;
  period: Period;
  /** The day judged on: today while the period runs, its last day once over. */
  end: string;
  asOf: string;
  facts: RegionFacts;
  setting: StatusSetting;
  scores: Scores;
}

/**
 * Everything a region's period is judged on, loaded once: the facts of every assignment in the region and
 * the regions below it, the rubric of the period's year, and the scores. Admins, supervisors and viewers of
 * the region; department users are refused (rankings compare departments).
 */
export async function loadRegionPeriod(ctx: AppContext, query: ScoresQuery): Promise<RegionPeriod> {
  const actor = requireRole(ctx.actor, "admin", "supervisor", "viewer");
  const q = ctx.db.kysely;
  const region = await requireRegionInScope(q, actor, query.regionId);
  const period = parsePeriod(query.period);
  const asOf = shanghaiDay(ctx.now());
  const end = judgedDay(period, asOf);
  const [regionIds, rubric, setting] = await Promise.all([
    regionAndDescendants(q, region.id),
    rubricFor(q, region.id, period.year),
    loadStatusSetting(q),
  ]);
  const facts = await loadFacts(q, { regionIds }, setting.calendar);
  const departments = scoreDepartments(
    facts.assignments,
    [...facts.departments.values()],
    rubric.rubric,
    period,
    asOf,
  );
  return {
    region,
    period,
    end,
    asOf,
    facts,
    setting,
    scores: {
      region: { id: region.id, name: region.name },
      period: { key: period.key, from: period.from, to: period.to, label: period.label },
      asOf: end,
      rubric,
      departments,
    },
  };
}

/** Scores and rankings of a region's departments for a period, each score traceable to its lines. */
export async function computeScores(ctx: AppContext, query: ScoresQuery): Promise<Scores> {
  return (await loadRegionPeriod(ctx, query)).scores;
}
