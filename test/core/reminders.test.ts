import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, type SupervisionRules } from "../../src/contract/api/supervision.js";
import { chinaCalendar } from "../../src/core/calendar/index.js";
import {
  type Directory,
  notBefore,
  planReminders,
  type ReminderAssignment,
} from "../../src/core/supervise/reminders.js";

const calendar = chinaCalendar();

/** An instant given in Asia/Shanghai local time. */
function sh(local: string): Date {
  return new Date(`${local}+08:00`);
}

function assignment(over: Partial<ReminderAssignment> = {}): ReminderAssignment {
  return {
    id: "a1",
    status: "assigned",
    task: "推进城市更新",
    regionId: "r1",
    regionName: "示例县",
    departmentId: "d1",
    departmentName: "住建局",
    // 2026-03-02 is a Monday.
    assignedAt: sh("2026-03-02T10:00:00").toISOString(),
    deadline: "2026-03-31",
    ackDueDate: "2026-03-05",
    acknowledgedAt: null,
    reportCycle: "monthly",
    reportDay: 25,
    milestones: [],
    reportedPeriods: new Set(),
    escalationLevel: 0,
    rules: DEFAULT_RULES,
    ...over,
  };
}

const directory: Directory = {
  departmentUsers: (d) =>
    d === "d1"
      ? [
          { id: "u1", name: "张三", email: "zhang@example.gov.cn" },
          { id: "u2", name: "李四", email: null },
        ]
      : [],
  head: (d) => (d === "d1" ? { id: "h1", name: "王局长", email: "wang@example.gov.cn" } : null),
  supervisors: () => [{ id: "s1", name: "督查室", email: null }],
  channels: (d) => (d === "d1" ? [{ id: "c1", kind: "dingtalk", target: "https://oapi.example/robot" }] : []),
};

/** The dedupe keys planned at a moment, sorted. */
function keysAt(a: ReminderAssignment, local: string, dir = directory) {
  return planReminders([a], dir, calendar, sh(local), { email: true })
    .reminders.map((r) => r.dedupeKey)
    .sort();
}

function kindsAt(a: ReminderAssignment, local: string) {
  return [
    ...new Set(
      planReminders([a], directory, calendar, sh(local), { email: true }).reminders.map((r) => r.kind),
    ),
  ].sort();
}

describe("quiet hours (Asia/Shanghai)", () => {
  const quiet = { start: "22:00", end: "08:00" };
  it("moves a message planned at night to 08:00 the next morning", () => {
    expect(notBefore(sh("2026-03-04T23:30:00"), quiet).toISOString()).toBe(
      sh("2026-03-05T08:00:00").toISOString(),
    );
    expect(notBefore(sh("2026-03-04T22:00:00"), quiet).toISOString()).toBe(
      sh("2026-03-05T08:00:00").toISOString(),
    );
  });
  it("moves one planned before dawn to 08:00 the same day", () => {
    expect(notBefore(sh("2026-03-05T00:05:00"), quiet).toISOString()).toBe(
      sh("2026-03-05T08:00:00").toISOString(),
    );
    expect(notBefore(sh("2026-03-05T07:59:00"), quiet).toISOString()).toBe(
      sh("2026-03-05T08:00:00").toISOString(),
    );
  });
  it("leaves daytime alone, and a window that does not wrap works too", () => {
    const noon = sh("2026-03-05T12:00:00");
    expect(notBefore(noon, quiet)).toBe(noon);
    expect(notBefore(sh("2026-03-05T08:00:00"), quiet).toISOString()).toBe(
      sh("2026-03-05T08:00:00").toISOString(),
    );
    expect(notBefore(noon, { start: "12:00", end: "13:30" }).toISOString()).toBe(
      sh("2026-03-05T13:30:00").toISOString(),
    );
    expect(notBefore(noon, { start: "08:00", end: "08:00" })).toBe(noon);
  });
  it("applies to every reminder planned in the quiet period", () => {
    const plan = planReminders([assignment()], directory, calendar, sh("2026-03-04T23:00:00"), {
      email: true,
    });
    expect(plan.reminders.length).toBeGreaterThan(0);
    for (const r of plan.reminders) expect(r.notBefore).toBe(sh("2026-03-05T08:00:00").toISOString());
  });
});

describe("签收 reminders", () => {
  it("reminds one working day before the due day (the 3-day one falls on the day of 交办) and once after", () => {
    const a = assignment();
    expect(keysAt(a, "2026-03-02T12:00:00")).toEqual([]);
    expect(keysAt(a, "2026-03-03T12:00:00")).toEqual([]);
    const on4 = keysAt(a, "2026-03-04T09:00:00");
    expect(on4).toEqual([
      "ack_before:a1:2026-03-05:1:c:c1",
      "ack_before:a1:2026-03-05:1:u:u1:email",
      "ack_before:a1:2026-03-05:1:u:u1:inapp",
      "ack_before:a1:2026-03-05:1:u:u2:inapp",
    ]);
    // The due day itself plans the same keys again: stored once.
    expect(keysAt(a, "2026-03-05T09:00:00")).toEqual(on4);
    expect(kindsAt(a, "2026-03-06T09:00:00")).toEqual(["ack_missed"]);
    expect(
      keysAt(
        { ...a, status: "in_progress", acknowledgedAt: sh("2026-03-03T09:00:00").toISOString() },
        "2026-03-06T09:00:00",
      ),
    ).toEqual([]);
  });

  it("sends e-mail only to users with an address and only when e-mail is on", () => {
    const plan = planReminders([assignment()], directory, calendar, sh("2026-03-04T09:00:00"), {
      email: false,
    });
    expect(plan.reminders.map((r) => r.channel).sort()).toEqual(["dingtalk", "inapp", "inapp"]);
    const inapp = plan.reminders.find((r) => r.recipientUserId === "u1");
    expect(inapp?.payload).toMatchObject({
      task: "推进城市更新",
      department: "住建局",
      ackDue: "2026-03-05",
      recipient: "张三",
    });
  });
});

describe("report reminders", () => {
  const going = assignment({
    status: "in_progress",
    acknowledgedAt: sh("2026-03-03T09:00:00").toISOString(),
  });

  it("reminds 3 and 1 working days before the report day and once when it passed unreported", () => {
    // 2026-03-25 is a Wednesday: 3 working days before is Friday 20th, 1 before is Tuesday 24th.
    expect(kindsAt(going, "2026-03-19T10:00:00")).toEqual([]);
    expect(keysAt(going, "2026-03-20T10:00:00").filter((k) => k.startsWith("report"))[0]).toBe(
      "report_before:a1:2026-03:2026-03-25:3:c:c1",
    );
    expect(keysAt(going, "2026-03-24T10:00:00").filter((k) => k.startsWith("report"))[0]).toBe(
      "report_before:a1:2026-03:2026-03-25:1:c:c1",
    );
    expect(keysAt(going, "2026-03-26T10:00:00").filter((k) => k.startsWith("report"))[0]).toBe(
      "report_missed:a1:2026-03:2026-03-25:c:c1",
    );
    const reported = { ...going, reportedPeriods: new Set(["2026-03"]) };
    expect(keysAt(reported, "2026-03-24T10:00:00").filter((k) => k.startsWith("report"))).toEqual([]);
    expect(keysAt(reported, "2026-03-26T10:00:00").filter((k) => k.startsWith("report"))).toEqual([]);
  });

  it("a planner that was down sends only the latest reminder, not every one it missed", () => {
    // On the 24th both the 3-day (20th) and the 1-day (24th) reminders are past their day.
    const kinds = keysAt(going, "2026-03-24T10:00:00").filter((k) => k.startsWith("report_before"));
    expect(new Set(kinds.map((k) => k.split(":")[4]))).toEqual(new Set(["1"]));
  });

  it("moves a report day on a rest day to the next working day (2026-04-25 is a Saturday → 04-27)", () => {
    const april = { ...going, deadline: "2026-06-30", reportedPeriods: new Set(["2026-03"]) };
    expect(keysAt(april, "2026-04-22T10:00:00").filter((k) => k.startsWith("report"))[0]).toBe(
      "report_before:a1:2026-04:2026-04-27:3:c:c1",
    );
  });

  it("milestone cycle: one report per milestone, a finished milestone needs none", () => {
    const m = {
      ...going,
      reportCycle: "milestone" as const,
      milestones: [
        { id: "m1", title: "完成方案", dueDate: "2026-03-20", doneAt: null },
        { id: "m2", title: "开工建设", dueDate: "2026-03-27", doneAt: null },
      ],
    };
    const missed = planReminders([m], directory, calendar, sh("2026-03-23T10:00:00"), {
      email: false,
    }).reminders.find((r) => r.kind === "report_missed");
    expect(missed?.payload).toMatchObject({
      period: "m1",
      milestoneTitle: "完成方案",
      reportDue: "2026-03-20",
    });
    const done = {
      ...m,
      milestones: m.milestones.map((x) => (x.id === "m1" ? { ...x, doneAt: "2026-03-19T08:00:00Z" } : x)),
    };
    expect(kindsAt(done, "2026-03-23T10:00:00")).not.toContain("report_missed");
  });
});

describe("deadline reminders and escalation", () => {
  const going = assignment({
    status: "in_progress",
    acknowledgedAt: sh("2026-03-03T09:00:00").toISOString(),
    reportedPeriods: new Set(["2026-03"]),
  });

  it("reminds 3 and 1 working days before, then once overdue", () => {
    // Deadline Tuesday 31st: 3 working days before is Thursday 26th, 1 before is Monday 30th.
    expect(kindsAt(going, "2026-03-25T10:00:00")).toEqual([]);
    expect(keysAt(going, "2026-03-26T10:00:00")).toContain("deadline_before:a1:2026-03-31:3:u:u1:inapp");
    expect(keysAt(going, "2026-03-30T10:00:00")).toContain("deadline_before:a1:2026-03-31:1:u:u1:inapp");
    expect(kindsAt(going, "2026-04-01T10:00:00")).toEqual(["deadline_missed"]);
  });

  it("a deadline on a rest day is held on the next working day (2026-10-01 国庆 → 10-08)", () => {
    const october = {
      ...going,
      deadline: "2026-10-01",
      reportCycle: "quarterly" as const,
      reportedPeriods: new Set(["2026-Q3"]),
    };
    // The 1-day reminder fell on 09-30, the last working day before the holiday.
    expect(keysAt(october, "2026-09-30T10:00:00")).toContain("deadline_before:a1:2026-10-01:1:c:c1");
    expect(kindsAt(october, "2026-10-08T10:00:00")).toEqual(["deadline_before"]);
    expect(kindsAt(october, "2026-10-09T10:00:00")).toEqual(["deadline_missed"]);
  });

  it("催办单 to the head on overdue day 3, red list on day 7 (calendar days), each once", () => {
    const at = (local: string, level = 0) =>
      planReminders([{ ...going, escalationLevel: level }], directory, calendar, sh(local), { email: true });
    expect(at("2026-04-02T10:00:00").escalations).toEqual([]);
    const day3 = at("2026-04-03T10:00:00");
    expect(day3.escalations).toEqual([
      { assignmentId: "a1", from: 0, level: 1, deadline: "2026-03-31", daysOverdue: 3 },
    ]);
    expect(
      day3.reminders
        .filter((r) => r.kind === "escalate")
        .map((r) => r.dedupeKey)
        .sort(),
    ).toEqual([
      "escalate:a1:2026-03-31:c:c1",
      "escalate:a1:2026-03-31:u:h1:email",
      "escalate:a1:2026-03-31:u:h1:inapp",
    ]);
    // Once at level 1, the next day plans no further 催办单.
    expect(at("2026-04-04T10:00:00", 1).reminders.filter((r) => r.kind === "escalate")).toEqual([]);
    expect(at("2026-04-06T10:00:00", 1).escalations).toEqual([]);
    const day7 = at("2026-04-07T10:00:00", 1);
    expect(day7.escalations).toEqual([
      { assignmentId: "a1", from: 1, level: 2, deadline: "2026-03-31", daysOverdue: 7 },
    ]);
    expect(
      new Set(day7.reminders.filter((r) => r.kind === "red_list").map((r) => r.recipientUserId)),
    ).toEqual(new Set(["s1", "h1", null]));
    expect(at("2026-04-08T10:00:00", 2).escalations).toEqual([]);
  });

  it("a department without a head: the 催办单 goes to its users", () => {
    const headless: Directory = { ...directory, head: () => null };
    const plan = planReminders([going], headless, calendar, sh("2026-04-03T10:00:00"), { email: false });
    expect(
      new Set(plan.reminders.filter((r) => r.kind === "escalate").map((r) => r.recipientUserId)),
    ).toEqual(new Set(["u1", "u2", null]));
  });

  it("drops back to level 0 once the deadline is moved out of the past", () => {
    const extended = { ...going, deadline: "2026-06-30", escalationLevel: 2 };
    expect(
      planReminders([extended], directory, calendar, sh("2026-04-10T10:00:00"), { email: false }).escalations,
    ).toEqual([{ assignmentId: "a1", from: 2, level: 0, deadline: "2026-06-30", daysOverdue: 0 }]);
  });

  it("uses the region's rules (escalate after 1 day, remind 5 days before)", () => {
    const rules: SupervisionRules = { ...DEFAULT_RULES, escalateAfterDays: 1, remindBeforeDays: [5] };
    const strict = { ...going, rules };
    expect(keysAt(strict, "2026-03-24T10:00:00")).toContain("deadline_before:a1:2026-03-31:5:c:c1");
    expect(
      planReminders([strict], directory, calendar, sh("2026-04-01T10:00:00"), { email: false }).escalations[0]
        ?.level,
    ).toBe(1);
  });

  it("plans nothing for tasks awaiting closure, closed or declined", () => {
    for (const status of ["done", "closed", "declined"]) {
      const plan = planReminders([{ ...going, status }], directory, calendar, sh("2026-04-10T10:00:00"), {
        email: true,
      });
      expect(plan).toEqual({ reminders: [], escalations: [] });
    }
  });
});
