import { decodeCursor } from "../../contract/api/common.js";
import type {
  Delivery,
  DeliveryChannel,
  DeliveryListQuery,
  Reminder,
  ReminderKind,
  ReminderListQuery,
  ReminderStatus,
} from "../../contract/api/notifications.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import {
  getReminderRegion,
  listDeliveries,
  listReminders,
  requeueReminder,
} from "../../db/repos/reminders.js";
import { type AppContext, inTransaction } from "../context.js";
import { inRegion, regionScope, requireRole } from "../guard.js";
import { splitPage } from "../paging.js";
import { notFound } from "./errors.js";

type ReminderRow = Awaited<ReturnType<typeof listReminders>>[number];

function toReminder(r: ReminderRow): Reminder {
  return {
    id: r.id,
    dedupeKey: r.dedupe_key,
    kind: r.kind as ReminderKind,
    assignmentId: r.assignment_id,
    taskText: r.task_text,
    recipientUserId: r.recipient_user_id,
    recipientName: r.recipient_name,
    channel: r.channel as DeliveryChannel,
    channelId: r.channel_id,
    target: r.target,
    notBefore: r.not_before,
    status: r.status as ReminderStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** The outbox, newest first (admins everything, supervisors their region's tasks): pending, sent, dead. */
export async function listOutbox(
  ctx: AppContext,
  query: ReminderListQuery,
): Promise<{ items: Reminder[]; nextCursor: string | null }> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const rows = await listReminders(ctx.db.kysely, {
    status: query.status,
    assignmentId: query.assignmentId,
    regionIds: regionScope(actor),
    before: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  return {
    items: items.map(toReminder),
    nextCursor,
  };
}

/** Every delivery attempt, newest first, with its outcome. */
export async function listDeliveryLog(
  ctx: AppContext,
  query: DeliveryListQuery,
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const rows = await listDeliveries(ctx.db.kysely, {
    reminderId: query.reminderId,
    ok: query.ok,
    regionIds: regionScope(actor),
    before: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  return {
    items: items.map((d) => ({
      id: d.id,
      reminderId: d.reminder_id,
      kind: d.kind as ReminderKind,
      assignmentId: d.assignment_id,
      channel: d.channel as DeliveryChannel,
      target: d.target,
      at: d.at,
      ok: d.ok !== 0,
      error: d.error,
      responseCode: d.response_code,
    })),
    nextCursor,
  };
}

/** Puts a dead reminder back in the queue with fresh attempts, once its channel has been fixed. */
export async function retryReminder(ctx: AppContext, id: string): Promise<{ id: string; status: "pending" }> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  return inTransaction(ctx, async (tx, audit) => {
    const row = await getReminderRegion(tx, id);
    if (!row) throw notFound("reminder", id);
    if (!inRegion(actor, row.region_id)) throw errors.forbidden("the reminder's task is outside your region");
    if (row.status !== "dead" || !(await requeueReminder(tx, id, ctx.now().toISOString())))
      throw new DubanError(
        ErrorCode.Conflict,
        `reminder ${id} is ${row.status}; only a dead one can be retried`,
        "只有发送失败（已放弃）的提醒可以重发",
        { target: id },
      );
    await audit({
      action: "reminder.retry",
      entityType: "reminder",
      entityId: id,
      before: { status: "dead" },
      after: { status: "pending" },
    });
    return { id, status: "pending" as const };
  });
}
