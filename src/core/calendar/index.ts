import { HOLIDAY_YEARS } from "./holidays.js";

export { HOLIDAY_YEARS, type HolidayYear } from "./holidays.js";

/** Days are "YYYY-MM-DD" strings, always meant in Asia/Shanghai. */
export interface Calendar {
  isWorkingDay(day: string): boolean;
  /**
   * The day `n` working days after `day` (before it for a negative n); `day` itself is not counted, so
   * adding 1 to the eve of 国庆 gives the first working day after the holiday. n = 0 gives `day` unchanged.
   */
  addWorkingDays(day: string, n: number): string;
  /** Working days in (from, to]; negative when `to` is before `from`. addWorkingDays(from, n) = to gives n. */
  workingDaysBetween(from: string, to: string): number;
  /** The holiday a rest day belongs to (春节, 国庆节 …), or null for ordinary days and weekends. */
  holidayName(day: string): string | null;
}

export interface CalendarOverride {
  day: string;
  kind: "holiday" | "workday";
  name?: string | null;
}

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// The status engine converts the same few hundred days hundreds of thousands of times.
const DAY_NUMBERS = new Map<string, number>();

/** Days since 1970-01-01 for a calendar day; throws on anything but a real YYYY-MM-DD date. */
export function dayNumber(day: string): number {
  const known = DAY_NUMBERS.get(day);
  if (known !== undefined) return known;
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const last = mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0);
  if (d < 1 || d > last) throw new RangeError(`not a calendar day: ${day}`);
  const n = Date.UTC(y, mo - 1, d) / DAY_MS;
  if (DAY_NUMBERS.size > 100_000) DAY_NUMBERS.clear();
  DAY_NUMBERS.set(day, n);
  return n;
}

export function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

// China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for every date we meet.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar day in Asia/Shanghai at `instant`. */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Asia/Shanghai day at an epoch-milliseconds instant, as a day number (see `dayNumber`). */
export function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The Asia/Shanghai day at `instant` and the minutes since that day's local midnight. */
export function shanghaiTime(instant: Date): { day: string; minutes: number } {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return {
    day: local.toISOString().slice(0, 10),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** The instant local midnight of `day` begins in Asia/Shanghai. */
export function shanghaiMidnight(day: string): Date {
  return new Date(dayNumber(day) * DAY_MS - SHANGHAI_OFFSET_MS);
}

interface DayInfo {
  working: boolean;
  name: string | null;
}

function builtInTable(): Map<number, DayInfo> {
  const table = new Map<number, DayInfo>();
  for (const year of HOLIDAY_YEARS) {
    for (const h of year.holidays)
      for (let d = dayNumber(h.from); d <= dayNumber(h.to); d++)
        table.set(d, { working: false, name: h.name });
    for (const w of year.workdays) table.set(dayNumber(w), { working: true, name: null });
  }
  return table;
}

let BUILT_IN: Map<number, DayInfo> | null = null;

/**
 * The working-day calendar of mainland China: the State Council's holidays and 调休 working weekends for the
 * years in `HOLIDAY_YEARS`, ordinary weeks elsewhere, and local `overrides` (a day a local notice makes a
 * holiday or a working day) over both.
 */
export function chinaCalendar(overrides: ReadonlyArray<CalendarOverride> = []): Calendar {
  BUILT_IN ??= builtInTable();
  const table = overrides.length === 0 ? BUILT_IN : new Map(BUILT_IN);
  for (const o of overrides)
    table.set(dayNumber(o.day), {
      working: o.kind === "workday",
      name: o.kind === "holiday" ? (o.name ?? "假日") : null,
    });

  // The status engine asks for the same deadline's next working day over and over.
  const added = new Map<string, string>();
  const workingAt = (n: number): boolean => {
    const info = table.get(n);
    if (info) return info.working;
    // 1970-01-01 was a Thursday: (n + 4) % 7 gives 0 for Sunday … 6 for Saturday.
    const weekday = (((n + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6;
  };

  return {
    isWorkingDay: (day) => workingAt(dayNumber(day)),
    addWorkingDays(day, n) {
      if (!Number.isInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
      const key = `${day}|${n}`;
      const known = added.get(key);
      if (known !== undefined) return known;
      let d = dayNumber(day);
      const step = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0; ) {
        d += step;
        if (workingAt(d)) left--;
      }
      const result = dayFromNumber(d);
      if (added.size > 10_000) added.clear();
      added.set(key, result);
      return result;
    },
    workingDaysBetween(from, to) {
      const a = dayNumber(from);
      const b = dayNumber(to);
      const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
      let count = 0;
      for (let d = lo + 1; d <= hi; d++) if (workingAt(d)) count++;
      return sign * count;
    },
    holidayName: (day) => table.get(dayNumber(day))?.name ?? null,
  };
}
