import { addDays, type CalendarOverride, chinaCalendar, dayNumber } from "./index.js";
import type { ParsedNotice } from "./notice.js";

export interface OverrideState {
  kind: "holiday" | "workday";
  name: string | null;
}

/** One day's local override before and after the import (null: none). */
export interface NoticeChange {
  day: string;
  before: OverrideState | null;
  after: OverrideState | null;
}

export interface NoticePlan {
  changes: NoticeChange[];
  /** Overrides the notice leaves in place although they differ from it: local holidays on days it does not name. */
  kept: Required<CalendarOverride>[];
}

const isWeekend = (day: string) => {
  const wd = (((dayNumber(day) + 4) % 7) + 7) % 7;
  return wd === 0 || wd === 6;
};

/**
 * The local overrides that make the calendar follow the notice. The notice is the whole national arrangement
 * of its year, so every day of that year is judged: a day it names rests or works as it says, any other day
 * follows the week. An override is needed only where the built-in table says otherwise; an existing override
 * the notice contradicts is replaced or removed, except a holiday on a day the notice does not name, which is
 * most likely a local festival (三月三, 那达慕) and stays.
 */
export function planNotice(notice: ParsedNotice, overrides: readonly CalendarOverride[]): NoticePlan {
  const national = chinaCalendar();
  const holidayName = new Map<string, string>();
  for (const h of notice.holidays)
    for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidayName.set(d, h.name);
  const workdays = new Set(notice.workdays);
  const scope = new Set<string>([...holidayName.keys(), ...workdays]);
  for (let d = `${notice.year}-01-01`; d <= `${notice.year}-12-31`; d = addDays(d, 1)) scope.add(d);
  const existing = new Map(overrides.map((o) => [o.day, o]));

  const changes: NoticeChange[] = [];
  const kept: Required<CalendarOverride>[] = [];
  for (const day of [...scope].sort()) {
    const named = holidayName.has(day) || workdays.has(day);
    const working = workdays.has(day) || (!holidayName.has(day) && !isWeekend(day));
    const target: OverrideState | null =
      working === national.isWorkingDay(day)
        ? null
        : { kind: working ? "workday" : "holiday", name: working ? null : (holidayName.get(day) ?? null) };
    const o = existing.get(day);
    const before: OverrideState | null = o ? { kind: o.kind, name: o.name ?? null } : null;
    if (target) {
      if (!before || before.kind !== target.kind || before.name !== target.name)
        changes.push({ day, before, after: target });
    } else if (before && (before.kind === "workday") !== working) {
      if (named || before.kind === "workday") changes.push({ day, before, after: null });
      else kept.push({ day, kind: before.kind, name: before.name });
    }
  }
  return { changes, kept };
}
