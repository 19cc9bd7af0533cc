import { shanghaiDay } from "../../core/calendar/index.js";
import {
  type ColourChange,
  latestPercents,
  overdueMilestones,
  type StatusRow,
  statusRows,
  writeColours,
} from "../../db/repos/supervision.js";
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
// Rows computed (and their changes written) at a time.
const SLICE = 10_000;

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
  const inputs = (ids?: readonly string[]) =>
    Promise.all([
      loadRulesBook(q),
      loadCalendar(q),
      latestPercents(q, ctx.db.dialect, ids),
      overdueMilestones(q, today, ids),
    ]);
  let rows: StatusRow[];
  let loaded: Awaited<ReturnType<typeof inputs>>;
  // A full run reads everything, so its reads need not wait for one another (PostgreSQL runs them side by
  // side); a later run narrows the inputs to the rows it found.
  if (full) [rows, loaded] = await Promise.all([statusRows(q), inputs()]);
  else {
    rows = await statusRows(q, undefined, true);
    loaded = await inputs(rows.length <= ID_LIST_MAX ? rows.map((r) => r.id) : undefined);
  }
  const [rules, calendar, percents, lateMilestones] = loaded;
  const engine = { rules, calendar, percents, lateMilestones };
  const at = now.toISOString();
  // Computed a slice at a time: the transaction opens at the first change, and from then on the database
  // writes one slice while this process computes the next (on PostgreSQL the two run side by side).
  let next = 0;
  const nextChanges = () => {
    const slice = rows.slice(next, next + SLICE);
    next += SLICE;
    return colourChanges(slice, engine, now);
  };
  let first: ColourChange[] = [];
  while (first.length === 0 && next < rows.length) first = nextChanges();
  let changed = 0;
  if (first.length > 0)
    changed = await inTransaction(ctx, async (tx, audit) => {
      const write = (changes: readonly ColourChange[]) => {
        const p = changes.length > 0 ? writeColours(tx, ctx.db.dialect, changes, at) : Promise.resolve(0);
        // Awaited below; a failure meanwhile is not an unhandled rejection.
        p.catch(() => {});
        return p;
      };
      let n = 0;
      let writing = write(first);
      while (next < rows.length) {
        // Lets the statement go out before the CPU is taken again.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const changes = nextChanges();
        n += await writing;
        writing = write(changes);
      }
      n += await writing;
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
