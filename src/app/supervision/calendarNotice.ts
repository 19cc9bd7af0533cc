import type { Kysely } from "kysely";
import type { CalendarYear, ImportNoticeBody, NoticeImport } from "../../contract/api/supervision.js";
import { type ParsedNotice, parseHolidayNotice } from "../../core/calendar/notice.js";
import { planNotice } from "../../core/calendar/noticePlan.js";
import { listAudit } from "../../db/repos/audit.js";
import {
  calendarDays,
  deleteCalendarDay,
  staleAllColours,
  upsertCalendarDay,
} from "../../db/repos/supervision.js";
import type { Database } from "../../db/schema.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";

export const IMPORT_NOTICE_ACTION = "calendar.import_notice";
const ENTITY = "calendar_year";

/**
 * The notice last imported for a year. Its record is the audit entry the import writes: the days themselves
 * are ordinary overrides, so no table of its own is needed for one line of provenance.
 */
export async function lastNoticeImport(q: Kysely<Database>, year: number): Promise<CalendarYear["imported"]> {
  const [row] = await listAudit(
    q,
    { entityType: ENTITY, entityId: String(year), action: IMPORT_NOTICE_ACTION, limit: 1 },
    {},
  );
  if (!row?.after) return null;
  const after = JSON.parse(row.after) as Partial<ParsedNotice>;
  if (typeof after.source !== "string") return null;
  return {
    source: after.source,
    importedAt: row.at,
    holidays: after.holidays ?? [],
    workdays: after.workdays ?? [],
  };
}

async function plan(q: Kysely<Database>, notice: ParsedNotice) {
  const rows = await calendarDays(q);
  return planNotice(
    notice,
    rows.map((r) => ({ day: r.day, kind: r.kind as "holiday" | "workday", name: r.name })),
  );
}

/**
 * Reads the State Council's holiday notice and makes the calendar follow it (admins). A dry run says what
 * would change; applying writes the overrides in one transaction, recolours everything once and records the
 * notice. Applying the same notice again changes nothing and writes no audit entry.
 */
export async function importHolidayNotice(ctx: AppContext, input: ImportNoticeBody): Promise<NoticeImport> {
  requireRole(ctx.actor, "admin");
  const notice = parseHolidayNotice(input.text, { year: input.year });
  const parsed = {
    year: notice.year,
    source: notice.source,
    holidays: notice.holidays,
    workdays: notice.workdays,
  };
  if (input.dryRun) {
    const p = await plan(ctx.db.kysely, notice);
    return { ...parsed, ...p, applied: false };
  }
  return inTransaction(ctx, async (tx, audit) => {
    const p = await plan(tx, notice);
    const now = ctx.now().toISOString();
    for (const c of p.changes) {
      if (c.after) await upsertCalendarDay(tx, { day: c.day, ...c.after, created_at: now });
      else await deleteCalendarDay(tx, c.day);
    }
    if (p.changes.length > 0) await staleAllColours(tx);
    const recorded = await lastNoticeImport(tx, notice.year);
    if (p.changes.length > 0 || recorded?.source !== notice.source)
      await audit({
        action: IMPORT_NOTICE_ACTION,
        entityType: ENTITY,
        entityId: String(notice.year),
        after: { ...parsed, changes: p.changes },
      });
    return { ...parsed, ...p, applied: true };
  });
}
