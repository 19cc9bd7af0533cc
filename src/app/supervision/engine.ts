import type { Kysely } from "kysely";
import type { SupervisionRules } from "../../contract/api/supervision.js";
import { type Calendar, chinaCalendar, shanghaiDay } from "../../core/calendar/index.js";
import { rulesAt } from "../../core/supervise/rules.js";
import { computeColour } from "../../core/supervise/status.js";
import type { Dialect } from "../../db/database.js";
import { newId } from "../../db/ids.js";
import {
  allRules,
  type ColourChange,
  calendarDays,
  latestPercents,
  overdueMilestones,
  regionParents,
  type StatusRow,
  statusRows,
  writeColours,
} from "../../db/repos/supervision.js";
import type { Database } from "../../db/schema.js";

type Q = Kysely<Database>;

/** The national calendar with the ledger's local overrides. */
export async function loadCalendar(q: Q): Promise<Calendar> {
  const days = await calendarDays(q);
  return chinaCalendar(
    days.map((d) => ({ day: d.day, kind: d.kind as "holiday" | "workday", name: d.name })),
  );
}

/** The region, its ancestors nearest first, then null (nationwide). A cycle in a corrupt tree stops the walk. */
export function regionChain(
  parents: ReadonlyMap<string, string | null>,
  regionId: string | null,
): (string | null)[] {
  const chain: (string | null)[] = [];
  for (let r = regionId; r !== null && !chain.includes(r) && chain.length < 64; r = parents.get(r) ?? null)
    chain.push(r);
  chain.push(null);
  return chain;
}

/** Picks the rules for a region on a day, remembering each region's answer (the table is small). */
export interface RulesBook {
  at(regionId: string | null, day: string): SupervisionRules;
}

export async function loadRulesBook(q: Q): Promise<RulesBook> {
  const [rows, parents] = await Promise.all([allRules(q), regionParents(q)]);
  const parsed = rows.map((r) => ({
    regionId: r.region_id,
    effectiveFrom: r.effective_from,
    rules: r.rules,
  }));
  const memo = new Map<string, SupervisionRules>();
  return {
    at(regionId, day) {
      const key = `${regionId ?? ""}|${day}`;
      let rules = memo.get(key);
      if (!rules) {
        rules = rulesAt(parsed, regionChain(parents, regionId), day);
        memo.set(key, rules);
      }
      return rules;
    },
  };
}

export interface EngineInputs {
  rules: RulesBook;
  calendar: Calendar;
  percents: ReadonlyMap<string, number>;
  /** Earliest due date of an overdue open milestone per assignment. */
  lateMilestones: ReadonlyMap<string, string>;
}

/** The colour changes the engine finds for `rows` at `now` (unchanged, up-to-date rows are left out). */
export function colourChanges(rows: readonly StatusRow[], inputs: EngineInputs, now: Date): ColourChange[] {
  const today = shanghaiDay(now);
  const out: ColourChange[] = [];
  // One minted id and a counter: a random id per event costs more than the status itself on a big batch.
  const base = newId();
  let n = 0;
  for (const row of rows) {
    const late = inputs.lateMilestones.get(row.id);
    const r = computeColour(
      {
        status: row.status,
        assignedAt: row.created_at,
        deadline: row.deadline,
        percent: inputs.percents.get(row.id) ?? null,
        milestones: late ? [{ dueDate: late, doneAt: null }] : [],
        closedAt: row.closed_at,
      },
      inputs.rules.at(row.region_id, today),
      inputs.calendar,
      now,
    );
    // Only what changes at a threshold is stored (see statusReason): a new day alone rewrites nothing.
    const detail = JSON.stringify({
      code: r.code,
      percent: r.percent,
      effectiveDeadline: r.effectiveDeadline,
      milestoneDue: r.milestoneDue,
    });
    // A row changed since its colour was computed gets a fresh colour_at (and version) even when nothing else
    // changed, so that later runs of the day leave it alone and a run that read it before cannot overwrite it.
    const stale =
      row.colour_at === null || row.updated_at > row.colour_at || row.colour_version !== row.version;
    if (r.colour === row.colour && detail === row.colour_detail && !stale) continue;
    out.push({
      id: row.id,
      version: row.version,
      fromColour: row.colour,
      colour: r.colour,
      detail,
      // A first colouring (never computed: no detail yet) is not a change of colour and leaves no event.
      eventId:
        r.colour === row.colour || row.colour_detail === null
          ? null
          : `${base}${(n++).toString(36).padStart(6, "0")}`,
    });
  }
  return out;
}

/**
 * Recomputes the colour of some assignments inside the caller's transaction (after a cycle step changed
 * them), writing a "colour" event when it changed.
 */
export async function refreshColours(
  q: Q,
  dialect: Dialect,
  ids: readonly string[],
  now: Date,
): Promise<void> {
  const rows = await statusRows(q, ids);
  if (rows.length === 0) return;
  const [rules, calendar, percents, lateMilestones] = await Promise.all([
    loadRulesBook(q),
    loadCalendar(q),
    latestPercents(q, dialect, ids),
    overdueMilestones(q, shanghaiDay(now), ids),
  ]);
  const changes = colourChanges(rows, { rules, calendar, percents, lateMilestones }, now);
  await writeColours(q, dialect, changes, now.toISOString());
}

/**
 * The rules in force today for a region, the calendar, and the 签收 due date of an assignment made (or
 * reassigned) now: `ackWorkingDays` working days on.
 */
export async function rulesToday(q: Q, regionId: string | null, now: Date) {
  const today = shanghaiDay(now);
  const [book, calendar] = await Promise.all([loadRulesBook(q), loadCalendar(q)]);
  const rules = book.at(regionId, today);
  return { rules, calendar, today, ackDue: calendar.addWorkingDays(today, rules.ackWorkingDays) };
}
