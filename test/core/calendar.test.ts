import { describe, expect, it } from "vitest";
import {
  addDays,
  chinaCalendar,
  daysBetween,
  HOLIDAY_YEARS,
  shanghaiDay,
  shanghaiMidnight,
  shanghaiTime,
} from "../../src/core/calendar/index.js";

const cal = chinaCalendar();

describe("chinaCalendar: the State Council's holidays and 调休", () => {
  it.each([
    // 调休上班: weekends that are working days
    ["2024-02-04", true], // Sunday before 春节 2024
    ["2024-02-18", true],
    ["2024-09-14", true], // Saturday before 中秋 2024
    ["2024-10-12", true],
    ["2025-01-26", true], // Sunday before 春节 2025
    ["2025-02-08", true], // Saturday after
    ["2025-04-27", true],
    ["2025-09-28", true],
    ["2025-10-11", true],
    ["2026-01-04", true], // Sunday after 元旦 2026
    ["2026-02-14", true], // Saturday before 春节 2026
    ["2026-02-28", true],
    ["2026-05-09", true],
    ["2026-09-20", true],
    ["2026-10-10", true],
    // holidays on weekdays
    ["2024-10-07", false],
    ["2025-01-28", false], // 除夕 2025 is a holiday from 2025 on
    ["2025-10-08", false],
    ["2026-01-02", false],
    ["2026-02-23", false], // Monday, 正月初七
    ["2026-05-05", false],
    ["2026-06-19", false],
    ["2026-09-25", false],
    ["2026-10-07", false],
    ["2027-02-08", false],
    // ordinary weeks
    ["2026-03-02", true],
    ["2026-03-07", false],
    ["2026-03-08", false],
    ["2030-06-03", true], // beyond the table: Monday
    ["2030-06-02", false], // Sunday
  ])("%s working: %s", (day, working) => {
    expect(cal.isWorkingDay(day)).toBe(working);
  });

  it("names the holiday of a rest day, and only of a holiday", () => {
    expect(cal.holidayName("2026-10-03")).toBe("国庆节");
    expect(cal.holidayName("2026-02-17")).toBe("春节");
    expect(cal.holidayName("2025-10-06")).toBe("国庆节、中秋节");
    expect(cal.holidayName("2026-03-07")).toBeNull();
    expect(cal.holidayName("2026-02-14")).toBeNull();
  });

  it("adds working days across 国庆 and 春节", () => {
    expect(cal.addWorkingDays("2026-09-30", 1)).toBe("2026-10-08");
    // 9/28 Mon, 9/29 Tue, 9/30 Wed, then 10/8 Thu, 10/9 Fri, 10/10 Sat (调休上班)
    expect(cal.addWorkingDays("2026-09-27", 6)).toBe("2026-10-10");
    expect(cal.addWorkingDays("2026-10-09", 1)).toBe("2026-10-10");
    expect(cal.addWorkingDays("2026-10-10", 1)).toBe("2026-10-12");
    // 2/13 Fri, 2/14 Sat works, then 2/15–2/23 rest
    expect(cal.addWorkingDays("2026-02-13", 1)).toBe("2026-02-14");
    expect(cal.addWorkingDays("2026-02-13", 2)).toBe("2026-02-24");
    expect(cal.addWorkingDays("2025-01-24", 3)).toBe("2025-02-05");
    expect(cal.addWorkingDays("2026-03-02", 0)).toBe("2026-03-02");
  });

  it("counts back and between consistently", () => {
    expect(cal.addWorkingDays("2026-10-08", -1)).toBe("2026-09-30");
    expect(cal.addWorkingDays("2026-02-24", -2)).toBe("2026-02-13");
    expect(cal.workingDaysBetween("2026-09-30", "2026-10-08")).toBe(1);
    expect(cal.workingDaysBetween("2026-10-08", "2026-09-30")).toBe(-1);
    expect(cal.workingDaysBetween("2026-03-02", "2026-03-02")).toBe(0);
    for (const [from, n] of [
      ["2026-01-01", 17],
      ["2026-09-15", 12],
      ["2024-12-20", 30],
    ] as const)
      expect(cal.workingDaysBetween(from, cal.addWorkingDays(from, n))).toBe(n);
  });

  it("lets local overrides win over the national table", () => {
    const local = chinaCalendar([
      { day: "2026-03-09", kind: "holiday", name: "地方节日" },
      { day: "2026-10-07", kind: "workday" },
    ]);
    expect(local.isWorkingDay("2026-03-09")).toBe(false);
    expect(local.holidayName("2026-03-09")).toBe("地方节日");
    expect(local.isWorkingDay("2026-10-07")).toBe(true);
    expect(local.addWorkingDays("2026-09-30", 1)).toBe("2026-10-07");
    // the shared table is untouched
    expect(cal.isWorkingDay("2026-10-07")).toBe(false);
  });

  it("refuses what is not a day", () => {
    expect(() => cal.isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => cal.isWorkingDay("2026/03/01")).toThrow(RangeError);
  });

  it("has each year's 调休 days on weekends and its holidays within the year", () => {
    for (const y of HOLIDAY_YEARS) {
      for (const w of y.workdays) expect([0, 6]).toContain(new Date(`${w}T00:00:00Z`).getUTCDay());
      for (const h of y.holidays) {
        expect(h.from <= h.to).toBe(true);
        expect(h.from.slice(0, 4)).toBe(String(y.year));
      }
    }
    expect(HOLIDAY_YEARS.find((y) => y.year === 2027)?.source).toBeNull();
  });
});

describe("Asia/Shanghai day boundary", () => {
  it("turns the day at 16:00 UTC", () => {
    expect(shanghaiDay(new Date("2026-03-31T15:59:59Z"))).toBe("2026-03-31");
    expect(shanghaiDay(new Date("2026-03-31T16:00:00Z"))).toBe("2026-04-01");
    expect(shanghaiTime(new Date("2026-03-31T16:30:00Z"))).toEqual({ day: "2026-04-01", minutes: 30 });
    expect(shanghaiTime(new Date("2026-03-31T14:00:00Z"))).toEqual({ day: "2026-03-31", minutes: 22 * 60 });
    expect(shanghaiMidnight("2026-04-01").toISOString()).toBe("2026-03-31T16:00:00.000Z");
  });

  it("does calendar-day arithmetic across months and leap days", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(daysBetween("2026-03-25", "2026-04-01")).toBe(7);
  });
});
