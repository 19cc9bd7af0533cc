import { describe, expect, it } from "vitest";
import { parsePeriod, type Rubric } from "../../src/contract/api/scoring.js";
import { type ScoringAssignment, scoreDepartments } from "../../src/core/supervise/scoring.js";

const RUBRIC: Rubric = {
  baseScore: 100,
  closedOnTime: 2,
  closedEarly: { points: 1, minDays: 15 },
  late: { perItem: 2, perDay: 0.2, cap: 10 },
  returnedProgress: 1,
  extensionApproved: 0.5,
  notSignedOff: 1,
  quality: { excellent: 2, good: 1, fair: 0, poor: -2 },
  coDepartmentShare: 0.5,
};

const DEPTS = [
  { id: "A", name: "县发展和改革局", shortName: null },
  { id: "B", name: "县交通运输局", shortName: null },
  { id: "C", name: "县教育局", shortName: null },
  { id: "D", name: "县民政局", shortName: null },
];

function a(id: string, lead: string, over: Partial<ScoringAssignment> = {}): ScoringAssignment {
  return {
    id,
    taskText: `任务${id}`,
    leadDepartmentId: lead,
    coDepartmentIds: [],
    assignedDay: "2026-01-05",
    deadline: null,
    closedDay: null,
    ackDueDay: null,
    acknowledgedDay: null,
    returnedDays: [],
    extensions: [],
    quality: null,
    ...over,
  };
}

/** The case worked out by hand in the comments; every figure below is from that working. */
const CASE: ScoringAssignment[] = [
  // A: closed 30 days early: +2 on time, +1 early; rated 优秀 +2. B co-operates: half of each, +2.5.
  a("a1", "A", {
    coDepartmentIds: ["B"],
    deadline: "2026-03-31",
    closedDay: "2026-03-01",
    quality: { level: "excellent", day: "2026-03-05", reason: "成效明显" },
  }),
  // A: due 2 Feb 28, open on 31 Mar: late from 1 Mar, 31 days: −(2 + 0.2 × 31) = −8.2.
  a("a2", "A", { deadline: "2026-02-28" }),
  // A: two progress reports returned −2, signed for on 12 Jan though due on 10 Jan −1.
  a("a3", "A", {
    deadline: "2026-06-30",
    returnedDays: ["2026-02-10", "2026-03-20"],
    ackDueDay: "2026-01-10",
    acknowledgedDay: "2026-01-12",
  }),
  // B: extended 31 Jan → 15 Mar (−0.5), closed 20 Mar, 5 days late: −(2 + 0.2 × 5) = −3.
  a("b1", "B", {
    deadline: "2026-03-15",
    closedDay: "2026-03-20",
    extensions: [{ day: "2026-01-20", from: "2026-01-31", to: "2026-03-15" }],
  }),
  // B: due last year, open: late all 90 days of the quarter: 2 + 18 = 20, capped at 10.
  a("b2", "B", { assignedDay: "2025-11-01", deadline: "2025-12-31" }),
  // C and D: nothing happened in the quarter; base score, tied.
  a("c1", "C", { deadline: "2026-12-31" }),
  a("d1", "D", { deadline: "2026-12-31" }),
  // Given after the quarter: not scored in it.
  a("c2", "C", { assignedDay: "2026-05-01", deadline: "2026-04-01" }),
];

describe("scoreDepartments", () => {
  const q1 = parsePeriod("2026-Q1");

  it("scores a quarter as worked out by hand, ties sharing a rank", () => {
    const scores = scoreDepartments(CASE, DEPTS, RUBRIC, q1, "2026-04-10");
    expect(scores.map((s) => [s.department.id, s.score, s.rank])).toEqual([
      ["C", 100, 1],
      ["D", 100, 1],
      ["A", 93.8, 3],
      ["B", 89, 4],
    ]);
    const A = scores.find((s) => s.department.id === "A");
    expect(A?.lines.map((l) => [l.assignmentId, l.rule, l.points])).toEqual([
      ["a1", "closedOnTime", 2],
      ["a1", "closedEarly", 1],
      ["a1", "quality", 2],
      ["a2", "late", -8.2],
      ["a3", "returnedProgress", -1],
      ["a3", "returnedProgress", -1],
      ["a3", "notSignedOff", -1],
    ]);
    expect(A?.lines.find((l) => l.rule === "late")?.detail).toBe("已逾期 31 天（完成时限2026年2月28日）");
    expect(A?.lines.find((l) => l.rule === "closedEarly")?.detail).toContain("提前 30 天");
    expect(A).toMatchObject({ assigned: 3, closed: 1, overdue: 1 });
    const B = scores.find((s) => s.department.id === "B");
    expect(B?.lines.map((l) => [l.assignmentId, l.rule, l.points, l.asCoDepartment])).toEqual([
      ["a1", "closedOnTime", 1, true],
      ["a1", "closedEarly", 0.5, true],
      ["a1", "quality", 1, true],
      ["b1", "late", -3, false],
      ["b1", "extensionApproved", -0.5, false],
      ["b2", "late", -10, false],
    ]);
    expect(B?.lines.find((l) => l.assignmentId === "b2")?.detail).toContain("已达扣分上限");
    expect(B).toMatchObject({ assigned: 2, closed: 1, overdue: 1 });
    const C = scores.find((s) => s.department.id === "C");
    expect(C).toMatchObject({ assigned: 1, lines: [] });
  });

  it("counts an overdue assignment's days in each period once: the item in the first, days in each", () => {
    const q2 = scoreDepartments(CASE, DEPTS, RUBRIC, parsePeriod("2026-Q2"), "2026-04-10");
    const late = q2.flatMap((s) => s.lines.filter((l) => l.rule === "late"));
    expect(late.map((l) => [l.assignmentId, l.points, l.detail])).toEqual([
      ["a2", -2, "已逾期 41 天（完成时限2026年2月28日，本期 10 天）"],
      ["b2", -2, "已逾期 100 天（完成时限2025年12月31日，本期 10 天）"],
    ]);
    // c2, given on 1 May, is not yet assigned on 10 April.
    expect(q2.find((s) => s.department.id === "C")?.assigned).toBe(1);
  });

  it("leaves co-departments out when the rubric gives them no share", () => {
    const scores = scoreDepartments(CASE, DEPTS, { ...RUBRIC, coDepartmentShare: 0 }, q1, "2026-04-10");
    expect(scores.find((s) => s.department.id === "B")?.score).toBe(86.5);
    expect(scores.flatMap((s) => s.lines).some((l) => l.asCoDepartment)).toBe(false);
  });

  it("counts a sign-off still missing once its due day has passed, and nothing before", () => {
    const open = [a("x", "A", { ackDueDay: "2026-03-30" })];
    expect(scoreDepartments(open, DEPTS, RUBRIC, q1, "2026-03-30")[0]?.lines).toEqual([]);
    expect(scoreDepartments(open, DEPTS, RUBRIC, q1, "2026-03-31")[0]?.lines[0]).toMatchObject({
      rule: "notSignedOff",
      points: -1,
      detail: "未签收（应于2026年3月30日前签收）",
    });
  });
});

describe("parsePeriod", () => {
  it("names and bounds years, halves, quarters and months", () => {
    expect(parsePeriod("2026-Q1")).toEqual({
      key: "2026-Q1",
      year: 2026,
      from: "2026-01-01",
      to: "2026-03-31",
      label: "2026年第一季度",
    });
    expect(parsePeriod("2024-02")).toMatchObject({
      from: "2024-02-01",
      to: "2024-02-29",
      label: "2024年2月",
    });
    expect(parsePeriod("2026-H2")).toMatchObject({
      from: "2026-07-01",
      to: "2026-12-31",
      label: "2026年下半年",
    });
    expect(parsePeriod("2026")).toMatchObject({ from: "2026-01-01", to: "2026-12-31", label: "2026年" });
  });
});
