import type { SupervisionRules } from "../../contract/api/supervision.js";
import type { Calendar } from "../../core/calendar/index.js";
import type { Db } from "../../db/database.js";
import type { Tx } from "../context.js";
import { loadCalendar, loadRulesBook } from "../supervision/engine.js";

type Q = Db["kysely"] | Tx;

/** How statuses are judged: the working-day calendar with local days, and the rules of a region on a day. */
export interface StatusSetting {
  calendar: Calendar;
  rulesFor(regionId: string | null, day: string): SupervisionRules;
}

/** The status engine's own calendar and rules, so a 通报 judges a task as its colour does. */
export async function loadStatusSetting(q: Q): Promise<StatusSetting> {
  const [calendar, book] = await Promise.all([loadCalendar(q), loadRulesBook(q)]);
  return { calendar, rulesFor: (regionId, day) => book.at(regionId, day) };
}
