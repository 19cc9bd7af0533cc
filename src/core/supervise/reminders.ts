import type { ChannelKind, DeliveryChannel, ReminderKind } from "../../contract/api/notifications.js";
import type { ReportCycle, SupervisionRules } from "../../contract/api/supervision.js";
import {
  addDays,
  type Calendar,
  daysBetween,
  shanghaiDay,
  shanghaiMidnight,
  shanghaiTime,
} from "../calendar/index.js";
import { reportDueDates } from "./periods.js";

/** An open assignment as the reminder planner sees it. */
export interface ReminderAssignment {
  id: string;
  status: string;
  task: string;
  regionId: string | null;
  regionName: string | null;
  /** The lead department: it signs, reports and answers for the deadline. */
  departmentId: string;
  departmentName: string;
  /** ISO instant of 交办. */
  assignedAt: string;
  deadline: string | null;
  ackDueDate: string | null;
  acknowledgedAt: string | null;
  reportCycle: ReportCycle;
  /** null: the rules' report day. */
  reportDay: number | null;
  milestones: ReadonlyArray<{ id: string; title: string; dueDate: string | null; doneAt: string | null }>;
  /** Periods (period_key) with a report that was not returned. */
  reportedPeriods: ReadonlySet<string>;
  /** 0 none, 1 催办单 sent, 2 red list. */
  escalationLevel: number;
  /** The rules in force for the task's region today. */
  rules: SupervisionRules;
}

export interface PlanUser {
  id: string;
  name: string;
  email: string | null;
}

export interface PlanChannel {
  id: string;
  kind: ChannelKind;
  target: string;
}

/** Who is who, looked up by the planner. */
export interface Directory {
  /** Active department users of a department. */
  departmentUsers(departmentId: string): readonly PlanUser[];
  /** The department's head (departments.head_user_id), or null. */
  head(departmentId: string): PlanUser | null;
  /** Supervisors whose scope holds the region (its own and its ancestors'). */
  supervisors(regionId: string | null): readonly PlanUser[];
  /** Enabled channels of the department and of its region (or everywhere). */
  channels(departmentId: string, regionId: string | null): readonly PlanChannel[];
}

/** A template's raw values; formatting (2026年3月底, 第一季度) happens when the message is rendered. */
export interface ReminderPayload {
  assignmentId: string;
  task: string;
  department: string;
  region: string | null;
  deadline: string | null;
  ackDue?: string;
  period?: string;
  milestoneTitle?: string;
  reportDue?: string;
  /** Working days left (before) or calendar days overdue (missed, escalation). */
  days?: number;
  recipient?: string | null;
}

export interface ReminderIntent {
  /** Unique per occasion and recipient: `deadline_before:<assignment>:<deadline>:<n>:u:<user>:inapp`. */
  dedupeKey: string;
  kind: ReminderKind;
  assignmentId: string;
  recipientUserId: string | null;
  channel: DeliveryChannel;
  channelId: string | null;
  target: string | null;
  payload: ReminderPayload;
  /** ISO instant: now, or the end of quiet hours. */
  notBefore: string;
}

/** A change of escalation_level: 1 催办单, 2 red list, 0 back to normal (deadline moved, no longer overdue). */
export interface EscalationIntent {
  assignmentId: string;
  from: number;
  level: 0 | 1 | 2;
  deadline: string | null;
  daysOverdue: number;
}

export interface ReminderPlan {
  reminders: ReminderIntent[];
  escalations: EscalationIntent[];
}

type Audience = "department" | "head" | "supervisors";

interface Occasion {
  kind: ReminderKind;
  /** What makes the occasion unique for the assignment: the due day, period, reminder offset. */
  anchor: string;
  audiences: Audience[];
  extra: Partial<ReminderPayload>;
}

/** Statuses in which the department owes something: 签收, reports, the deadline. */
const ACTIVE = new Set(["assigned", "in_progress"]);
/** How far ahead report periods are looked at: further than any reminder offset reaches. */
const LOOKAHEAD_DAYS = 120;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * When a message planned at `now` may go: now, or the end of the quiet period (Asia/Shanghai) when now lies
 * in it. The window may wrap past midnight (22:00–08:00); equal start and end mean no quiet hours.
 */
export function notBefore(now: Date, quiet: { start: string; end: string }): Date {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return now;
  const { day, minutes } = shanghaiTime(now);
  const quietNow = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!quietNow) return now;
  const endDay = start > end && minutes >= start ? addDays(day, 1) : day;
  return new Date(shanghaiMidnight(endDay).getTime() + end * 60_000);
}

/** A deadline on a rest day is met on the next working day (期间届满日为节假日的，以节假日后第一日为届满日). */
function effectiveDay(calendar: Calendar, day: string): string {
  return calendar.isWorkingDay(day) ? day : calendar.addWorkingDays(day, 1);
}

/**
 * The "before" reminder due today for a date, if any: among the offsets (working days before `due`), the one
 * whose day came last but not after today, while `due` has not passed. Reminder days on or before the day of
 * 交办 are skipped (the 交办 itself told them). A planner that missed days sends only the latest reminder.
 */
function beforeOffset(
  calendar: Calendar,
  offsets: readonly number[],
  due: string,
  today: string,
  assignedDay: string,
): number | null {
  if (today > due) return null;
  let best: { n: number; day: string } | null = null;
  for (const n of offsets) {
    const day = calendar.addWorkingDays(due, -n);
    if (day <= assignedDay || day > today) continue;
    if (!best || day > best.day || (day === best.day && n < best.n)) best = { n, day };
  }
  return best?.n ?? null;
}

function occasionsOf(a: ReminderAssignment, calendar: Calendar, today: string): Occasion[] {
  const out: Occasion[] = [];
  const offsets = a.rules.remindBeforeDays;
  const assignedDay = shanghaiDay(new Date(a.assignedAt));
  const dept: Audience[] = ["department"];

  if (a.status === "assigned" && a.acknowledgedAt === null && a.ackDueDate !== null) {
    const due = a.ackDueDate;
    const n = beforeOffset(calendar, offsets, due, today, assignedDay);
    if (n !== null)
      out.push({
        kind: "ack_before",
        anchor: `${due}:${n}`,
        audiences: dept,
        extra: { ackDue: due, days: calendar.workingDaysBetween(today, due) },
      });
    if (today > due)
      out.push({
        kind: "ack_missed",
        anchor: due,
        audiences: dept,
        extra: { ackDue: due, days: daysBetween(due, today) },
      });
  }

  if (a.status === "in_progress") {
    const horizon = addDays(today, LOOKAHEAD_DAYS);
    const to = a.deadline !== null && a.deadline < horizon ? effectiveDay(calendar, a.deadline) : horizon;
    const periods = reportDueDates(
      a.reportCycle,
      a.reportDay ?? a.rules.reportDay,
      assignedDay,
      to,
      a.milestones,
      calendar,
    );
    const done = (key: string) =>
      a.reportedPeriods.has(key) || a.milestones.some((m) => m.id === key && m.doneAt !== null);
    const title = (key: string) => a.milestones.find((m) => m.id === key)?.title;
    // Only the latest missed period and the next one due are reminded of: a department months behind gets
    // one message about where it stands, not one per month.
    const missed = periods.filter((p) => p.due < today).at(-1);
    const next = periods.find((p) => p.due >= today);
    if (missed && !done(missed.periodKey))
      out.push({
        kind: "report_missed",
        anchor: `${missed.periodKey}:${missed.due}`,
        audiences: dept,
        extra: {
          period: missed.periodKey,
          reportDue: missed.due,
          days: daysBetween(missed.due, today),
          ...withTitle(title(missed.periodKey)),
        },
      });
    if (next && !done(next.periodKey)) {
      const n = beforeOffset(calendar, offsets, next.due, today, assignedDay);
      if (n !== null)
        out.push({
          kind: "report_before",
          anchor: `${next.periodKey}:${next.due}:${n}`,
          audiences: dept,
          extra: {
            period: next.periodKey,
            reportDue: next.due,
            days: calendar.workingDaysBetween(today, next.due),
            ...withTitle(title(next.periodKey)),
          },
        });
    }
  }

  if (a.deadline !== null) {
    const due = effectiveDay(calendar, a.deadline);
    const n = beforeOffset(calendar, offsets, due, today, assignedDay);
    if (n !== null)
      out.push({
        kind: "deadline_before",
        anchor: `${a.deadline}:${n}`,
        audiences: dept,
        extra: { days: calendar.workingDaysBetween(today, due) },
      });
    const overdue = daysBetween(due, today);
    if (overdue > 0) {
      out.push({ kind: "deadline_missed", anchor: a.deadline, audiences: dept, extra: { days: overdue } });
      if (overdue >= a.rules.escalateAfterDays && a.escalationLevel < 1)
        out.push({ kind: "escalate", anchor: a.deadline, audiences: ["head"], extra: { days: overdue } });
      if (overdue >= a.rules.redListAfterDays && a.escalationLevel < 2)
        out.push({
          kind: "red_list",
          anchor: a.deadline,
          audiences: ["supervisors", "head"],
          extra: { days: overdue },
        });
    }
  }
  return out;
}

function withTitle(title: string | undefined): Partial<ReminderPayload> {
  return title === undefined ? {} : { milestoneTitle: title };
}

function escalationOf(a: ReminderAssignment, calendar: Calendar, today: string): EscalationIntent | null {
  const due = a.deadline === null ? null : effectiveDay(calendar, a.deadline);
  const overdue = due === null ? 0 : Math.max(0, daysBetween(due, today));
  let level: 0 | 1 | 2 = 0;
  if (overdue > 0 && overdue >= a.rules.redListAfterDays) level = 2;
  else if (overdue > 0 && overdue >= a.rules.escalateAfterDays) level = 1;
  // Escalation only rises while overdue; it falls back to 0 once the task is no longer overdue (an approved
  // extension moved the deadline).
  if (level > a.escalationLevel || (overdue === 0 && a.escalationLevel > 0))
    return { assignmentId: a.id, from: a.escalationLevel, level, deadline: a.deadline, daysOverdue: overdue };
  return null;
}

/**
 * The reminders due at `now` for open assignments, each with a dedupe key that makes planning idempotent:
 * the same occasion planned again (next tick, another server) yields the same keys, which the outbox stores
 * once. Department reminders go to the lead department's users (in-app, and e-mail when they have an
 * address and `email` is on) and to its channels; a 催办单 to the department's head (its users when it has
 * none) and its channels; the red list to the region's supervisors and the head.
 */
export function planReminders(
  assignments: Iterable<ReminderAssignment>,
  directory: Directory,
  calendar: Calendar,
  now: Date,
  opts: { email: boolean },
): ReminderPlan {
  const today = shanghaiDay(now);
  const reminders: ReminderIntent[] = [];
  const escalations: EscalationIntent[] = [];
  for (const a of assignments) {
    if (!ACTIVE.has(a.status)) continue;
    const escalation = escalationOf(a, calendar, today);
    if (escalation) escalations.push(escalation);
    const occasions = occasionsOf(a, calendar, today);
    if (occasions.length === 0) continue;
    const at = notBefore(now, a.rules.quietHours).toISOString();
    for (const o of occasions) {
      const base: ReminderPayload = {
        assignmentId: a.id,
        task: a.task,
        department: a.departmentName,
        region: a.regionName,
        deadline: a.deadline,
        ...o.extra,
      };
      const prefix = `${o.kind}:${a.id}:${o.anchor}`;
      const users = new Map<string, PlanUser>();
      let withChannels = false;
      for (const audience of o.audiences) {
        if (audience === "department") {
          for (const u of directory.departmentUsers(a.departmentId)) users.set(u.id, u);
          withChannels = true;
        } else if (audience === "head") {
          const head = directory.head(a.departmentId);
          const to = head ? [head] : directory.departmentUsers(a.departmentId);
          for (const u of to) users.set(u.id, u);
          withChannels = true;
        } else for (const u of directory.supervisors(a.regionId)) users.set(u.id, u);
      }
      for (const u of users.values()) {
        const payload = { ...base, recipient: u.name };
        reminders.push(userIntent(prefix, o.kind, a.id, u, "inapp", null, payload, at));
        if (opts.email && u.email)
          reminders.push(userIntent(prefix, o.kind, a.id, u, "email", u.email, payload, at));
      }
      if (withChannels)
        for (const c of directory.channels(a.departmentId, a.regionId))
          reminders.push({
            dedupeKey: `${prefix}:c:${c.id}`,
            kind: o.kind,
            assignmentId: a.id,
            recipientUserId: null,
            channel: c.kind,
            channelId: c.id,
            target: c.target,
            payload: base,
            notBefore: at,
          });
    }
  }
  return { reminders, escalations };
}

function userIntent(
  prefix: string,
  kind: ReminderKind,
  assignmentId: string,
  user: PlanUser,
  channel: "inapp" | "email",
  target: string | null,
  payload: ReminderPayload,
  at: string,
): ReminderIntent {
  return {
    dedupeKey: `${prefix}:u:${user.id}:${channel}`,
    kind,
    assignmentId,
    recipientUserId: user.id,
    channel,
    channelId: null,
    target,
    payload,
    notBefore: at,
  };
}
