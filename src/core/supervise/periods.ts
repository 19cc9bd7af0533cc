import type { ReportCycle } from "../../contract/api/supervision.js";
import type { Calendar } from "../calendar/index.js";

export interface ReportDue {
  /** "2026-03" (monthly), "2026-Q1" (quarterly) or the milestone's id. */
  periodKey: string;
  /** YYYY-MM-DD the report is due. */
  due: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The reports due between `from` and `to` (both days included), in date order. Monthly: on `reportDay` of
 * every month; quarterly: on `reportDay` of the quarter's last month; either moved to the next working day
 * when it is a rest day. Milestone: one report per milestone with a due date, on that date.
 */
export function reportDueDates(
  cycle: ReportCycle,
  reportDay: number,
  from: string,
  to: string,
  milestones: ReadonlyArray<{ id: string; dueDate: string | null }>,
  calendar: Calendar,
): ReportDue[] {
  if (cycle === "milestone")
    return milestones
      .filter(
        (m): m is { id: string; dueDate: string } =>
          m.dueDate !== null && m.dueDate >= from && m.dueDate <= to,
      )
      .map((m) => ({ periodKey: m.id, due: m.dueDate }))
      .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  const out: ReportDue[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const lastYear = Number(to.slice(0, 4));
  const lastMonth = Number(to.slice(5, 7));
  // A due date moved past a holiday can leave its month, so the month before `from` is looked at too.
  if (--month === 0) {
    month = 12;
    year--;
  }
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    if (cycle === "monthly" || month % 3 === 0) {
      const nominal = `${year}-${pad(month)}-${pad(reportDay)}`;
      const due = calendar.isWorkingDay(nominal) ? nominal : calendar.addWorkingDays(nominal, 1);
      if (due >= from && due <= to) out.push({ periodKey: periodKeyOf(cycle, nominal) as string, due });
    }
    if (++month === 13) {
      month = 1;
      year++;
    }
  }
  return out;
}

/** The period a report made on `day` answers: its month or quarter; null for the milestone cycle. */
export function periodKeyOf(cycle: ReportCycle, day: string): string | null {
  if (cycle === "monthly") return day.slice(0, 7);
  if (cycle === "quarterly") return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
  return null;
}
