import type { CalendarDay, CalendarYear, SetCalendarDayBody } from "../../contract/api/supervision.js";
import { addDays, HOLIDAY_YEARS } from "../../core/calendar/index.js";
import { errors } from "../../core/errors.js";
import {
  type CalendarDayRow,
  calendarDays,
  deleteCalendarDay as deleteDayRow,
  getCalendarDay,
  staleAllColours,
  upsertCalendarDay,
} from "../../db/repos/supervision.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { lastNoticeImport } from "./calendarNotice.js";

function present(r: CalendarDayRow): CalendarDay {
  return { day: r.day, kind: r.kind as CalendarDay["kind"], name: r.name, createdAt: r.created_at };
}

/** A year of the working-day calendar: the State Council's days and the ledger's local overrides. */
export async function getCalendarYear(ctx: AppContext, year: number): Promise<CalendarYear> {
  requireRole(ctx.actor, "admin", "supervisor", "department", "viewer");
  const national = HOLIDAY_YEARS.find((y) => y.year === year);
  const holidays: CalendarYear["holidays"] = [];
  for (const h of national?.holidays ?? [])
    for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidays.push({ day: d, name: h.name });
  const [overrides, imported] = await Promise.all([
    calendarDays(ctx.db.kysely, year),
    lastNoticeImport(ctx.db.kysely, year),
  ]);
  return {
    year,
    source: national?.source ?? imported?.source ?? null,
    holidays,
    workdays: [...(national?.workdays ?? [])],
    overrides: overrides.map(present),
    imported,
  };
}

/** Makes a day a holiday or a working day locally (admins), replacing an earlier override of it. */
export async function setCalendarDay(ctx: AppContext, input: SetCalendarDayBody): Promise<CalendarDay> {
  requireRole(ctx.actor, "admin");
  return inTransaction(ctx, async (tx, audit) => {
    const before = await getCalendarDay(tx, input.day);
    const row: CalendarDayRow = {
      day: input.day,
      kind: input.kind,
      name: input.name?.trim() || null,
      created_at: before?.created_at ?? ctx.now().toISOString(),
    };
    await upsertCalendarDay(tx, row);
    // A deadline on that day may now be held to another: recompute every colour.
    await staleAllColours(tx);
    await audit({
      action: "calendar.set",
      entityType: "calendar_day",
      entityId: input.day,
      ...(before ? { before: present(before) } : {}),
      after: present(row),
    });
    return present(row);
  });
}

export async function deleteCalendarDay(ctx: AppContext, day: string): Promise<void> {
  requireRole(ctx.actor, "admin");
  await inTransaction(ctx, async (tx, audit) => {
    const before = await getCalendarDay(tx, day);
    if (!before || !(await deleteDayRow(tx, day))) throw errors.notFound("calendar day", day);
    await staleAllColours(tx);
    await audit({
      action: "calendar.delete",
      entityType: "calendar_day",
      entityId: day,
      before: present(before),
    });
  });
}
