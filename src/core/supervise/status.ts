import type { Colour, SupervisionRules } from "../../contract/api/supervision.js";
import { type Calendar, dayNumber, shanghaiDayNumber } from "../calendar/index.js";

export interface StatusInput {
  /** The workflow status (assigned, in_progress, declined, done, closed). */
  status: string;
  /** ISO instant of 交办. */
  assignedAt: string;
  /** YYYY-MM-DD, or null for a task without a deadline. */
  deadline: string | null;
  /** Percent of the latest accepted or pending report; null before the first. */
  percent: number | null;
  milestones: ReadonlyArray<{ dueDate: string | null; doneAt: string | null }>;
  closedAt: string | null;
}

/** Why the colour is what it is, for a UI that words it in another language. */
export type StatusCode = "closed" | "overdue" | "milestone_overdue" | "behind" | "due_soon" | "on_track";

export interface StatusResult {
  colour: Colour;
  code: StatusCode;
  /** 序时进度: the share of [交办 day, deadline] elapsed by today, in whole percent; null without a deadline. */
  expectedPercent: number | null;
  percent: number | null;
  /** The deadline a task is held to: the deadline, or the first working day after it when it is a rest day. */
  effectiveDeadline: string | null;
  /** Due date of the most overdue open milestone, when one is overdue. */
  milestoneDue: string | null;
  /** Calendar days from today to the effective deadline (negative once passed); null without a deadline. */
  daysToDeadline: number | null;
  /** Calendar days past the effective deadline or the most overdue open milestone; 0 when none is. */
  daysOverdue: number;
  /** In Chinese: "已超期 5 天", "进度 30% 落后序时进度 55%" … */
  reason: string;
}

/**
 * The colour of a task today (Asia/Shanghai): red when its deadline has passed or a milestone is overdue,
 * yellow when the reported percent lags 序时进度 by more than the tolerance, blue when the deadline is within
 * `blueDays`, green otherwise, done once closed. A task awaiting closure approval (done) keeps the colour
 * of its deadline: its work is reported complete, so it is never yellow. A deadline on a rest day moves to
 * the next working day (期间届满日为节假日的，以节假日后第一日为届满日).
 */
export function computeStatus(
  input: StatusInput,
  rules: SupervisionRules,
  calendar: Calendar,
  now: Date,
): StatusResult {
  const c = computeColour(input, rules, calendar, now);
  return { ...c, reason: statusReason(c.code, c, shanghaiDayNumber(now.getTime())) };
}

/** computeStatus without the wording of its reason: the engine stores only what it is worded from. */
export function computeColour(
  input: StatusInput,
  rules: SupervisionRules,
  calendar: Calendar,
  now: Date,
): Omit<StatusResult, "reason"> {
  const todayN = shanghaiDayNumber(now.getTime());
  const effectiveDeadline =
    input.deadline === null
      ? null
      : calendar.isWorkingDay(input.deadline)
        ? input.deadline
        : calendar.addWorkingDays(input.deadline, 1);
  const daysToDeadline = effectiveDeadline === null ? null : dayNumber(effectiveDeadline) - todayN;
  let milestoneDue: string | null = null;
  // One object literal of one shape: the status engine builds 100,000 of these per run.
  const out = (
    colour: Colour,
    code: StatusCode,
    expectedPercent: number | null,
    daysOverdue: number,
  ): Omit<StatusResult, "reason"> => ({
    colour,
    code,
    expectedPercent,
    percent: input.percent,
    effectiveDeadline,
    milestoneDue,
    daysToDeadline,
    daysOverdue,
  });

  if (input.status === "closed" || input.closedAt !== null) return out("done", "closed", null, 0);

  const expectedPercent = expected(input.assignedAt, input.deadline, todayN);
  if (daysToDeadline !== null && daysToDeadline < 0)
    return out("red", "overdue", expectedPercent, -daysToDeadline);
  let milestoneOverdue = 0;
  for (const m of input.milestones)
    if (m.dueDate !== null && m.doneAt === null && todayN - dayNumber(m.dueDate) > milestoneOverdue) {
      milestoneOverdue = todayN - dayNumber(m.dueDate);
      milestoneDue = m.dueDate;
    }
  if (milestoneOverdue > 0) return out("red", "milestone_overdue", expectedPercent, milestoneOverdue);

  const percent = input.percent ?? 0;
  if (input.status !== "done" && expectedPercent !== null && percent < expectedPercent - rules.tolerance)
    return out("yellow", "behind", expectedPercent, 0);
  if (daysToDeadline !== null && daysToDeadline <= rules.blueDays)
    return out("blue", "due_soon", expectedPercent, 0);
  return out("green", "on_track", expectedPercent, 0);
}

/** What a colour's reason is worded from; all of it stays the same from day to day but the day itself. */
export interface ReasonFacts {
  effectiveDeadline: string | null;
  milestoneDue: string | null;
  percent: number | null;
  expectedPercent: number | null;
}

/**
 * The reason in Chinese for a status code on a given day ("已超期 5 天", "进度 30% 落后序时进度 55%"). Kept apart
 * from the colour so the stored status holds only what changes at a threshold — the day counts in the wording
 * are worked out when read, and a day passing does not rewrite every open assignment.
 */
export function statusReason(code: StatusCode, f: ReasonFacts, todayN: number): string {
  const toDeadline = f.effectiveDeadline === null ? null : dayNumber(f.effectiveDeadline) - todayN;
  switch (code) {
    case "closed":
      return "已办结";
    case "overdue":
      return `已超期 ${-(toDeadline ?? 0)} 天`;
    case "milestone_overdue":
      return `节点已超期 ${f.milestoneDue === null ? 0 : todayN - dayNumber(f.milestoneDue)} 天`;
    case "behind":
      return `进度 ${f.percent ?? 0}% 落后序时进度 ${f.expectedPercent ?? 0}%`;
    case "due_soon":
      return toDeadline === 0 ? "今日到期" : `距截止还有 ${toDeadline} 天`;
    case "on_track":
      return "进度正常";
  }
}

/** 序时进度 by calendar day, from the Shanghai day of 交办 to the deadline; `today` is a day number. */
export function expected(assignedAt: string, deadline: string | null, today: number): number | null {
  if (deadline === null) return null;
  const start = shanghaiDayNumber(Date.parse(assignedAt));
  const total = dayNumber(deadline) - start;
  if (total <= 0) return 100;
  const elapsed = Math.min(Math.max(today - start, 0), total);
  return Math.round((elapsed / total) * 100);
}
