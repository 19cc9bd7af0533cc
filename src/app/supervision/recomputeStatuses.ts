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

/**
 * Recolours every assignment not yet closed-and-done: reads them and their inputs in a handful of grouped
 * queries, computes in memory, and writes only what changed in set-based statements (one transaction, so a
 * run lands whole). Runs from the scheduler tick (actor null) and on an admin's demand.
 */
export async function recomputeStatuses(ctx: AppContext): Promise<RecomputeResult> {
  if (ctx.actor !== null) requireRole(ctx.actor, "admin");
  const started = performance.now();
  const now = ctx.now();
  const q = ctx.db.kysely;
  const [rows, rules, calendar, percents, lateMilestones] = await Promise.all([
    statusRows(q),
    loadRulesBook(q),
    loadCalendar(q),
    latestPercents(q),
    overdueMilestones(q, shanghaiDay(now)),
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
        after: { checked: rows.length, changed: n },
      });
      return n;
    });
  return { checked: rows.length, changed, ms: Math.round(performance.now() - started) };
}
