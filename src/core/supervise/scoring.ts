import {
  type DepartmentScore,
  QUALITY_LEVEL_ZH,
  type QualityLevel,
  type Rubric,
  type ScoreLine,
  type ScoreRule,
} from "../../contract/api/scoring.js";
import { addDays, daysBetween } from "../calendar/index.js";
import { zhDay } from "./zhDate.js";

/**
 * 考评: scores departments on what happened to their assignments in a period. Pure: the caller hands in each
 * assignment's facts as Asia/Shanghai days (YYYY-MM-DD), so the same facts always give the same score, and
 * every point is a line naming the assignment and the rule behind it.
 */

export interface ScoringDepartment {
  id: string;
  name: string;
  shortName: string | null;
}

export interface ScoringAssignment {
  id: string;
  taskText: string;
  leadDepartmentId: string;
  coDepartmentIds: readonly string[];
  /** 交办 day. */
  assignedDay: string;
  /** The deadline in force (after approved extensions); null: none. */
  deadline: string | null;
  /** 办结销号 day; null while open. */
  closedDay: string | null;
  /** 签收 due day and the day it was signed for. */
  ackDueDay: string | null;
  acknowledgedDay: string | null;
  /** Days progress reports were returned (退回). */
  returnedDays: readonly string[];
  /** Approved extensions: the day approved and the deadlines before and after. */
  extensions: ReadonlyArray<{ day: string; from: string | null; to: string }>;
  /** The supervisors' quality rating of the closed assignment. */
  quality: { level: QualityLevel; day: string; reason: string } | null;
}

export interface ScoringPeriod {
  from: string;
  to: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100 || 0;
const within = (day: string, from: string, to: string) => day >= from && day <= to;

interface Line {
  rule: ScoreRule;
  points: number;
  detail: string;
}

/** The lines one assignment earns its departments in the period, as judged on `end`. */
export function assignmentLines(a: ScoringAssignment, rubric: Rubric, from: string, end: string): Line[] {
  const lines: Line[] = [];
  const add = (rule: ScoreRule, points: number, detail: string) => {
    if (points !== 0) lines.push({ rule, points: round2(points), detail });
  };
  const closed = a.closedDay !== null && within(a.closedDay, from, end) ? a.closedDay : null;
  if (closed !== null && (a.deadline === null || closed <= a.deadline)) {
    add(
      "closedOnTime",
      rubric.closedOnTime,
      a.deadline === null
        ? `${zhDay(closed)}办结（无完成时限）`
        : `${zhDay(closed)}办结，完成时限${zhDay(a.deadline)}`,
    );
    const early = a.deadline === null ? 0 : daysBetween(closed, a.deadline);
    if (a.deadline !== null && early >= rubric.closedEarly.minDays)
      add("closedEarly", rubric.closedEarly.points, `提前 ${early} 天办结（完成时限${zhDay(a.deadline)}）`);
  }

  if (a.deadline !== null) {
    // Overdue days are the days after the deadline up to the closing day (or the day judged on while open).
    const firstLate = addDays(a.deadline, 1);
    const lastLate = a.closedDay !== null && a.closedDay <= end ? a.closedDay : end;
    const isLate = lastLate >= firstLate;
    if (isLate) {
      const total = daysBetween(a.deadline, lastLate);
      const start = firstLate > from ? firstLate : from;
      const inPeriod = lastLate >= start ? daysBetween(start, lastLate) + 1 : 0;
      const becameLateNow = within(firstLate, from, end);
      let points = (becameLateNow ? rubric.late.perItem : 0) + rubric.late.perDay * inPeriod;
      const capped = rubric.late.cap > 0 && points > rubric.late.cap;
      if (capped) points = rubric.late.cap;
      const state =
        a.closedDay !== null && a.closedDay <= end ? `逾期 ${total} 天办结` : `已逾期 ${total} 天`;
      const part = inPeriod !== total ? `，本期 ${inPeriod} 天` : "";
      add(
        "late",
        -points,
        `${state}（完成时限${zhDay(a.deadline)}${part}）${capped ? "，已达扣分上限" : ""}`,
      );
    }
  }

  for (const day of a.returnedDays)
    if (within(day, from, end)) add("returnedProgress", -rubric.returnedProgress, `${zhDay(day)}进展被退回`);

  for (const e of a.extensions)
    if (within(e.day, from, end))
      add(
        "extensionApproved",
        -rubric.extensionApproved,
        `${zhDay(e.day)}批准延期至${zhDay(e.to)}${e.from ? `（原时限${zhDay(e.from)}）` : ""}`,
      );

  if (a.ackDueDay !== null && within(addDays(a.ackDueDay, 1), from, end)) {
    const ack = a.acknowledgedDay;
    if (ack === null || ack > a.ackDueDay)
      add(
        "notSignedOff",
        -rubric.notSignedOff,
        ack === null
          ? `未签收（应于${zhDay(a.ackDueDay)}前签收）`
          : `${zhDay(ack)}签收，晚于${zhDay(a.ackDueDay)}`,
      );
  }

  if (a.quality !== null && within(a.quality.day, from, end)) {
    const level = QUALITY_LEVEL_ZH[a.quality.level];
    add("quality", rubric.quality[a.quality.level], `质量评价“${level}”：${a.quality.reason}`);
  }
  return lines;
}

/** The day a period is judged on: `asOf` (today) while the period runs, its last day once it is over. */
export function judgedDay(period: ScoringPeriod, asOf: string): string {
  if (asOf < period.to) return asOf;
  return period.to;
}

/**
 * Scores every department that leads an assignment given by the period's end (and, when the rubric gives
 * co-departments a share, every co-department), best first. `asOf` is the day judged on while the period
 * is still running; a finished period is judged on its last day.
 */
export function scoreDepartments(
  assignments: readonly ScoringAssignment[],
  departments: readonly ScoringDepartment[],
  rubric: Rubric,
  period: ScoringPeriod,
  asOf: string,
): DepartmentScore[] {
  const end = judgedDay(period, asOf);
  const byId = new Map(departments.map((d) => [d.id, d]));
  const acc = new Map<string, { lines: ScoreLine[]; assigned: number; closed: number; overdue: number }>();
  const entry = (id: string) => {
    let e = acc.get(id);
    if (!e) {
      e = { lines: [], assigned: 0, closed: 0, overdue: 0 };
      acc.set(id, e);
    }
    return e;
  };
  const share = rubric.coDepartmentShare;

  for (const a of assignments) {
    if (a.assignedDay > end || !byId.has(a.leadDepartmentId)) continue;
    const lead = entry(a.leadDepartmentId);
    lead.assigned++;
    const closedByEnd = a.closedDay !== null && a.closedDay <= end;
    if (closedByEnd) lead.closed++;
    else if (a.deadline !== null && a.deadline < end) lead.overdue++;
    const lines = assignmentLines(a, rubric, period.from, end);
    for (const l of lines)
      lead.lines.push({ assignmentId: a.id, taskText: a.taskText, ...l, asCoDepartment: false });
    if (share > 0)
      for (const co of a.coDepartmentIds) {
        if (!byId.has(co) || co === a.leadDepartmentId) continue;
        const e = entry(co);
        for (const l of lines) {
          const points = round2(l.points * share);
          if (points !== 0)
            e.lines.push({
              assignmentId: a.id,
              taskText: a.taskText,
              rule: l.rule,
              points,
              detail: `配合单位按 ${round2(share * 100)}% 计：${l.detail}`,
              asCoDepartment: true,
            });
        }
      }
  }

  const scored = [...acc.entries()].map(([id, e]) => ({
    department: byId.get(id) as ScoringDepartment,
    score: round2(rubric.baseScore + e.lines.reduce((s, l) => s + l.points, 0)),
    rank: 0,
    assigned: e.assigned,
    closed: e.closed,
    overdue: e.overdue,
    lines: e.lines,
  }));
  return rankByScore(scored);
}

/** Best first; equal scores share a rank and the next rank skips (1, 1, 3). Ties are listed by name. */
export function rankByScore<T extends { score: number; rank: number; department: { name: string } }>(
  rows: T[],
): T[] {
  const sorted = [...rows].sort(
    (a, b) => b.score - a.score || a.department.name.localeCompare(b.department.name, "zh-CN"),
  );
  sorted.forEach((row, i) => {
    const prev = sorted[i - 1];
    row.rank = prev && prev.score === row.score ? prev.rank : i + 1;
  });
  return sorted;
}
