import { shanghaiDay } from "../../core/calendar/index.js";
import { latestPercents, overdueMilestones, statusRows, writeColours } from "../../db/repos/supervision.js";
import type { AppContext } from "../context.js";
import { inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { colourChanges, loadCalendar, loadRulesBook } from "./engine.js";

export interface RecomputeResult {
  /** Assignments looked at. */
  checked: number;
  /** Assignments whose colour or its reason changed and were written. */
  changed: number;
  ms: number;
}

/** The Shanghai day of the last full run per database, in this process. */
const fullRunDay = new Map<string, string>();
// Past this many rows the grouped reads run over the whole table rather than an id list.
const ID_LIST_MAX = 10_000;

/**
 * Recolours assignments: reads them and their inputs in a handful of grouped queries, computes in memory, and
 * writes only what changed in set-based statements (one transaction, so a run lands whole). Colours move with
 * the day, and the cycle's use cases recolour what they change, so the first run of a Shanghai day (in each
 * process) looks at every open assignment and later runs only at those never coloured or changed since;
 * `full` forces the whole set. Runs from the scheduler tick (actor null) and on an admin's demand.
 */
export async function recomputeStatuses(
  ctx: AppContext,
  opts: { full?: boolean } = {},
): Promise<RecomputeResult> {
  if (ctx.actor !== null) requireRole(ctx.actor, "admin");
  const started = performance.now();
  const now = ctx.now();
  const today = shanghaiDay(now);
  const q = ctx.db.kysely;
  const full = opts.full ?? fullRunDay.get(ctx.db.location) !== today;
  const rows = await statusRows(q, undefined, !full);
  const ids = !full && rows.length <= ID_LIST_MAX ? rows.map((r) => r.id) : undefined;
  const [rules, calendar, percents, lateMilestones] = await Promise.all([
    loadRulesBook(q),
    loadCalendar(q),
    latestPercents(q, ids),
    overdueMilestones(q, today, ids),
  ]);
  const changes = colourChanges(rows, { rules, calendar, percents, lateMilestones }, now);
  let changed = 0;
  if (changes.length > 0)
    changed = await inTransaction(ctx, async (tx, audit) => {
      const n = await writeColours(tx, ctx.db.dialect, changes, now.toISOString());
      await audit({
        action: "supervision.recompute",
        entityType: "supervision",
        entityId: "statuses",
        after: { checked: rows.length, changed: n, full },
      });
      return n;
    });
  if (full) fullRunDay.set(ctx.db.location, today);
  return { checked: rows.length, changed, ms: Math.round(performance.now() - started) };
}
