import type { ReportCycle } from "../../contract/api/supervision.js";
import { shanghaiDay } from "../../core/calendar/index.js";
import {
  type EscalationIntent,
  planReminders as plan,
  type ReminderAssignment,
  type ReminderIntent,
} from "../../core/supervise/reminders.js";
import { newId } from "../../db/ids.js";
import {
  milestonesOfMany,
  type OpenAssignmentRow,
  openAssignmentsPage,
  reportedPeriodsOfMany,
} from "../../db/repos/reminderPlanning.js";
import { existingDedupeKeys, insertReminders, type NewReminder } from "../../db/repos/reminders.js";
import type { AppContext } from "../context.js";
import { loadPlanningWorld, type PlanningWorld } from "./directory.js";
import { escalate } from "./escalate.js";

export interface PlanResult {
  /** Open assignments looked at. */
  assignments: number;
  /** Reminders due now (planned before or not). */
  due: number;
  /** Newly stored in the outbox by this run. */
  inserted: number;
  /** Escalation changes this run made (another process may have made the rest). */
  escalated: number;
}

const PAGE = 1000;
const CYCLES = new Set<string>(["monthly", "quarterly", "milestone"]);

/**
 * Plans the reminders due now for every open assignment and stores the new ones in the outbox; applies the
 * escalations due. Idempotent and safe to run from several processes at once: reminders are keyed (a key
 * stored once, ON CONFLICT DO NOTHING) and escalation moves from the level it read (one process wins).
 */
export async function planReminders(ctx: AppContext, opts: { email: boolean }): Promise<PlanResult> {
  const now = ctx.now();
  const world = await loadPlanningWorld(ctx.db, shanghaiDay(now));
  const result: PlanResult = { assignments: 0, due: 0, inserted: 0, escalated: 0 };
  for (let after: string | null = null; ; ) {
    const rows = await openAssignmentsPage(ctx.db.kysely, after, PAGE);
    if (rows.length === 0) break;
    after = (rows.at(-1) as OpenAssignmentRow).id;
    const items = await toPlannerInput(ctx, rows, world);
    const { reminders, escalations } = plan(items, world.directory, world.calendar, now, opts);
    result.assignments += rows.length;
    result.due += reminders.length;
    result.inserted += await store(ctx, reminders, now);
    result.escalated += await applyEscalations(ctx, escalations);
    if (rows.length < PAGE) break;
  }
  return result;
}

async function toPlannerInput(
  ctx: AppContext,
  rows: OpenAssignmentRow[],
  world: PlanningWorld,
): Promise<ReminderAssignment[]> {
  const ids = rows.map((r) => r.id);
  const [milestones, reported] = await Promise.all([
    milestonesOfMany(ctx.db.kysely, ids),
    reportedPeriodsOfMany(ctx.db.kysely, ids),
  ]);
  const msBy = new Map<string, ReminderAssignment["milestones"][number][]>();
  for (const m of milestones) {
    const list = msBy.get(m.assignment_id) ?? [];
    list.push({ id: m.id, title: m.title, dueDate: m.due_date, doneAt: m.done_at });
    msBy.set(m.assignment_id, list);
  }
  const periodsBy = new Map<string, Set<string>>();
  for (const p of reported) {
    if (p.period_key === null) continue;
    const set = periodsBy.get(p.assignment_id) ?? new Set<string>();
    set.add(p.period_key);
    periodsBy.set(p.assignment_id, set);
  }
  return rows.map((r) => {
    const rules = world.rulesFor(r.region_id);
    return {
      id: r.id,
      status: r.status,
      task: r.task_text,
      regionId: r.region_id,
      regionName: world.regions.name(r.region_id),
      departmentId: r.lead_department_id,
      departmentName: r.department_name,
      assignedAt: r.created_at,
      deadline: r.deadline,
      ackDueDate: r.ack_due_date,
      acknowledgedAt: r.acknowledged_at,
      reportCycle: (CYCLES.has(r.report_cycle) ? r.report_cycle : rules.reportCycle) as ReportCycle,
      reportDay: r.report_day,
      milestones: msBy.get(r.id) ?? [],
      reportedPeriods: periodsBy.get(r.id) ?? new Set(),
      escalationLevel: r.escalation_level,
      rules,
    };
  });
}

/** Stores the reminders not stored yet; most are, on every tick after the first that planned them. */
async function store(ctx: AppContext, intents: ReminderIntent[], now: Date): Promise<number> {
  if (intents.length === 0) return 0;
  const known = await existingDedupeKeys(
    ctx.db.kysely,
    intents.map((i) => i.dedupeKey),
  );
  const at = now.toISOString();
  const rows: NewReminder[] = intents
    .filter((i) => !known.has(i.dedupeKey))
    .map((i) => ({
      id: newId(),
      dedupe_key: i.dedupeKey,
      kind: i.kind,
      assignment_id: i.assignmentId,
      recipient_user_id: i.recipientUserId,
      channel: i.channel,
      channel_id: i.channelId,
      target: i.target,
      payload: JSON.stringify(i.payload),
      not_before: i.notBefore,
      status: "pending",
      attempts: 0,
      next_attempt_at: i.notBefore,
      created_at: at,
    }));
  return rows.length === 0 ? 0 : insertReminders(ctx.db.kysely, rows);
}

async function applyEscalations(ctx: AppContext, intents: EscalationIntent[]): Promise<number> {
  let changed = 0;
  for (const e of intents) if (await escalate(ctx, e)) changed++;
  return changed;
}
