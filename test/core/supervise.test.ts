import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, SupervisionRules } from "../../src/contract/api/supervision.js";
import { chinaCalendar } from "../../src/core/calendar/index.js";
import { allowedActions, mayAct, nextStatus, type Standing } from "../../src/core/supervise/cycle.js";
import { periodKeyOf, reportDueDates } from "../../src/core/supervise/periods.js";
import { rulesAt } from "../../src/core/supervise/rules.js";
import { computeStatus, type StatusInput } from "../../src/core/supervise/status.js";

const cal = chinaCalendar();
// 2026-03-16 10:00 in Shanghai
const NOW = new Date("2026-03-16T02:00:00Z");

function input(over: Partial<StatusInput> = {}): StatusInput {
  return {
    status: "in_progress",
    assignedAt: "2026-01-01T02:00:00Z",
    deadline: "2026-12-31",
    percent: 50,
    milestones: [],
    closedAt: null,
    ...over,
  };
}

describe("computeStatus", () => {
  it("is green when on schedule", () => {
    const r = computeStatus(input(), DEFAULT_RULES, cal, NOW);
    expect(r).toMatchObject({ colour: "green", code: "on_track", daysOverdue: 0, reason: "进度正常" });
    // 74 of 364 days from 1 Jan to 31 Dec
    expect(r.expectedPercent).toBe(20);
    expect(r.daysToDeadline).toBe(290);
  });

  it("turns yellow only beyond the tolerance below 序时进度", () => {
    // deadline 2026-05-29: 74 of 148 days → 50%
    const base = { deadline: "2026-05-29" };
    const exp = computeStatus(input({ ...base, percent: 0 }), DEFAULT_RULES, cal, NOW)
      .expectedPercent as number;
    expect(exp).toBe(50);
    expect(computeStatus(input({ ...base, percent: exp - 10 }), DEFAULT_RULES, cal, NOW).colour).toBe(
      "green",
    );
    const behind = computeStatus(input({ ...base, percent: exp - 11 }), DEFAULT_RULES, cal, NOW);
    expect(behind).toMatchObject({
      colour: "yellow",
      code: "behind",
      reason: `进度 39% 落后序时进度 ${exp}%`,
    });
    const strict = { ...DEFAULT_RULES, tolerance: 0 };
    expect(computeStatus(input({ ...base, percent: exp - 1 }), strict, cal, NOW).colour).toBe("yellow");
    // no report yet counts as 0%
    expect(computeStatus(input({ ...base, percent: null }), DEFAULT_RULES, cal, NOW).colour).toBe("yellow");
  });

  it("is blue within blueDays of the deadline, and yellow outranks blue", () => {
    const r = computeStatus(input({ deadline: "2026-03-20", percent: 90 }), DEFAULT_RULES, cal, NOW);
    expect(r).toMatchObject({ colour: "blue", daysToDeadline: 4, reason: "距截止还有 4 天" });
    expect(
      computeStatus(input({ deadline: "2026-03-16", percent: 95 }), DEFAULT_RULES, cal, NOW).reason,
    ).toBe("今日到期");
    expect(
      computeStatus(input({ deadline: "2026-03-20", percent: 10 }), DEFAULT_RULES, cal, NOW).colour,
    ).toBe("yellow");
    expect(
      computeStatus(
        input({ deadline: "2026-03-20", percent: 90 }),
        { ...DEFAULT_RULES, blueDays: 3 },
        cal,
        NOW,
      ).colour,
    ).toBe("green");
  });

  it("is red once the deadline has passed, counted in Shanghai days", () => {
    const r = computeStatus(input({ deadline: "2026-03-11", percent: 100 }), DEFAULT_RULES, cal, NOW);
    expect(r).toMatchObject({ colour: "red", code: "overdue", daysOverdue: 5, reason: "已超期 5 天" });
    // 23:59 in Shanghai on the deadline is still in time; a minute later it is overdue
    const eve = new Date("2026-03-31T15:59:00Z");
    const after = new Date("2026-03-31T16:00:00Z");
    expect(
      computeStatus(input({ deadline: "2026-03-31", percent: 99 }), DEFAULT_RULES, cal, eve).colour,
    ).toBe("blue");
    expect(
      computeStatus(input({ deadline: "2026-03-31", percent: 99 }), DEFAULT_RULES, cal, after),
    ).toMatchObject({
      colour: "red",
      daysOverdue: 1,
    });
  });

  it("holds a deadline on a holiday to the next working day", () => {
    const during = new Date("2026-10-05T02:00:00Z");
    const r = computeStatus(input({ deadline: "2026-10-03", percent: 90 }), DEFAULT_RULES, cal, during);
    expect(r).toMatchObject({ colour: "blue", effectiveDeadline: "2026-10-08", daysToDeadline: 3 });
  });

  it("is red when a milestone is overdue, but not for a done milestone", () => {
    const late = [{ dueDate: "2026-03-10", doneAt: null }];
    expect(computeStatus(input({ milestones: late }), DEFAULT_RULES, cal, NOW)).toMatchObject({
      colour: "red",
      code: "milestone_overdue",
      daysOverdue: 6,
    });
    const done = [{ dueDate: "2026-03-10", doneAt: "2026-03-09T00:00:00Z" }];
    expect(computeStatus(input({ milestones: done }), DEFAULT_RULES, cal, NOW).colour).toBe("green");
  });

  it("is done once closed; awaiting approval keeps the deadline's colour", () => {
    const closed = input({ status: "closed", closedAt: "2026-03-10T00:00:00Z", deadline: "2026-03-01" });
    expect(computeStatus(closed, DEFAULT_RULES, cal, NOW)).toMatchObject({
      colour: "done",
      reason: "已办结",
    });
    expect(computeStatus(input({ status: "done", percent: 0 }), DEFAULT_RULES, cal, NOW).colour).toBe(
      "green",
    );
    expect(
      computeStatus(input({ status: "done", deadline: "2026-03-01" }), DEFAULT_RULES, cal, NOW).colour,
    ).toBe("red");
  });

  it("has no 序时进度 and no deadline colours without a deadline", () => {
    const r = computeStatus(input({ deadline: null, percent: 0 }), DEFAULT_RULES, cal, NOW);
    expect(r).toMatchObject({ colour: "green", expectedPercent: null, daysToDeadline: null });
  });
});

describe("rulesAt", () => {
  const rows = [
    { regionId: null, effectiveFrom: "2025-01-01", rules: { blueDays: 10 } },
    { regionId: null, effectiveFrom: "2026-01-01", rules: JSON.stringify({ blueDays: 5 }) },
    { regionId: "prov", effectiveFrom: "2026-03-01", rules: { tolerance: 20 } },
    { regionId: "city", effectiveFrom: "2026-06-01", rules: { ackWorkingDays: 1 } },
  ];
  const chain = ["city", "prov", null];

  it("takes the nearest region with a row in force on the day", () => {
    expect(rulesAt(rows, chain, "2026-07-01").ackWorkingDays).toBe(1);
    // the city's row is not yet in force: the province's
    expect(rulesAt(rows, chain, "2026-04-01")).toMatchObject({ tolerance: 20, blueDays: 7 });
    // before the province's: the nationwide row in force then
    expect(rulesAt(rows, chain, "2026-02-01").blueDays).toBe(5);
    expect(rulesAt(rows, chain, "2025-06-30").blueDays).toBe(10);
    expect(rulesAt(rows, [null], "2026-07-01").blueDays).toBe(5);
  });

  it("falls back to the defaults", () => {
    expect(rulesAt(rows, chain, "2024-12-31")).toEqual(DEFAULT_RULES);
    expect(rulesAt([], ["x", null], "2026-01-01")).toEqual(DEFAULT_RULES);
  });

  it("has the design's defaults", () => {
    expect(DEFAULT_RULES).toEqual({
      blueDays: 7,
      tolerance: 10,
      ackWorkingDays: 3,
      reportCycle: "monthly",
      reportDay: 25,
      remindBeforeDays: [3, 1],
      escalateAfterDays: 3,
      redListAfterDays: 7,
      quietHours: { start: "22:00", end: "08:00" },
    });
    expect(SupervisionRules.safeParse({ reportDay: 31 }).success).toBe(false);
    expect(SupervisionRules.safeParse({ quietHours: { start: "25:00", end: "08:00" } }).success).toBe(false);
  });
});

describe("reportDueDates", () => {
  it("gives monthly reports on reportDay, moved past rest days", () => {
    const due = reportDueDates("monthly", 25, "2026-01-01", "2026-12-31", [], cal);
    expect(due).toHaveLength(12);
    expect(due[0]).toEqual({ periodKey: "2026-01", due: "2026-01-26" }); // 25 Jan is a Sunday
    expect(due[2]).toEqual({ periodKey: "2026-03", due: "2026-03-25" });
    expect(due[3]).toEqual({ periodKey: "2026-04", due: "2026-04-27" }); // Saturday 25 Apr
  });

  it("moves a report day inside 国庆 to the first working day after it", () => {
    const due = reportDueDates("monthly", 3, "2026-10-01", "2026-10-31", [], cal);
    expect(due).toEqual([{ periodKey: "2026-10", due: "2026-10-08" }]);
    // a September due date moved into October is not lost at the range's start
    const sept = reportDueDates("monthly", 27, "2026-09-28", "2026-10-31", [], cal);
    expect(sept.map((d) => d.periodKey)).toEqual(["2026-09", "2026-10"]);
    expect(sept[0]?.due).toBe("2026-09-28");
  });

  it("gives quarterly reports in each quarter's last month", () => {
    expect(reportDueDates("quarterly", 20, "2026-01-01", "2026-12-31", [], cal)).toEqual([
      { periodKey: "2026-Q1", due: "2026-03-20" },
      { periodKey: "2026-Q2", due: "2026-06-22" }, // 20 Jun is in 端午
      { periodKey: "2026-Q3", due: "2026-09-20" }, // a Sunday, but a 调休 working day
      { periodKey: "2026-Q4", due: "2026-12-21" },
    ]);
  });

  it("gives milestone reports on the milestones' dates", () => {
    const ms = [
      { id: "m2", dueDate: "2026-09-30" },
      { id: "m1", dueDate: "2026-06-30" },
      { id: "m3", dueDate: null },
    ];
    expect(reportDueDates("milestone", 25, "2026-01-01", "2026-07-31", ms, cal)).toEqual([
      { periodKey: "m1", due: "2026-06-30" },
    ]);
  });

  it("names the period of a day", () => {
    expect(periodKeyOf("monthly", "2026-03-31")).toBe("2026-03");
    expect(periodKeyOf("quarterly", "2026-03-31")).toBe("2026-Q1");
    expect(periodKeyOf("quarterly", "2026-10-01")).toBe("2026-Q4");
    expect(periodKeyOf("milestone", "2026-10-01")).toBeNull();
  });
});

describe("the cycle's state machine", () => {
  const lead: Standing = { role: "department", isLead: true, isCoDepartment: false, inScope: false };
  const co: Standing = { role: "department", isLead: false, isCoDepartment: true, inScope: false };
  const other: Standing = { role: "department", isLead: false, isCoDepartment: false, inScope: false };
  const sup: Standing = { role: "supervisor", isLead: false, isCoDepartment: false, inScope: true };
  const farSup: Standing = { ...sup, inScope: false };
  const admin: Standing = { role: "admin", isLead: false, isCoDepartment: false, inScope: true };
  const viewer: Standing = { role: "viewer", isLead: false, isCoDepartment: false, inScope: true };

  it("lets the lead department sign off or decline a new assignment", () => {
    expect(allowedActions("assigned", lead)).toEqual([
      "acknowledge",
      "decline",
      "submit_progress",
      "request_extension",
    ]);
    expect(allowedActions("assigned", co)).toEqual(["submit_progress"]);
    expect(allowedActions("assigned", other)).toEqual([]);
    expect(nextStatus("acknowledge", "assigned")).toBe("in_progress");
    expect(nextStatus("decline", "assigned")).toBe("declined");
    expect(nextStatus("acknowledge", "in_progress")).toBeNull();
  });

  it("gives supervisors review, closure and extension decisions", () => {
    expect(allowedActions("in_progress", sup)).toEqual([
      "submit_progress",
      "review_progress",
      "decide_extension",
    ]);
    expect(allowedActions("done", sup)).toEqual([
      "review_progress",
      "approve_closure",
      "reject_closure",
      "decide_extension",
    ]);
    expect(allowedActions("declined", admin)).toEqual(["reassign"]);
    expect(allowedActions("done", farSup)).toEqual([]);
    expect(nextStatus("approve_closure", "done")).toBe("closed");
    expect(nextStatus("reject_closure", "done")).toBe("in_progress");
    expect(nextStatus("reassign", "declined")).toBe("assigned");
  });

  it("lets the lead request closure and extensions while open", () => {
    expect(allowedActions("in_progress", lead)).toEqual([
      "submit_progress",
      "request_closure",
      "request_extension",
    ]);
    expect(mayAct("request_closure", "in_progress", co)).toBe(false);
    expect(mayAct("request_extension", "closed", lead)).toBe(false);
    expect(mayAct("request_extension", "done", lead)).toBe(true);
    expect(nextStatus("review_progress", "in_progress")).toBe("in_progress");
  });

  it("gives viewers and closed tasks nothing", () => {
    for (const s of ["assigned", "in_progress", "declined", "done", "closed"])
      expect(allowedActions(s, viewer)).toEqual([]);
    for (const s of [lead, co, sup, admin]) expect(allowedActions("closed", s)).toEqual([]);
  });
});
