import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, DeliveriesTable, RemindersTable } from "../schema.js";
import { regionIn } from "./regions.js";

type Q = Kysely<Database>;
export type ReminderRecord = Selectable<RemindersTable>;
export type NewReminder = Insertable<RemindersTable>;
export type DeliveryRecord = Selectable<DeliveriesTable>;

/** Rows per INSERT: below SQLite's 32766 bound parameters at 14 columns a row. */
const INSERT_CHUNK = 500;

/** Stores reminders not stored yet: a dedupe key already present (planned before, by anyone) is skipped. */
export async function insertReminders(q: Q, rows: NewReminder[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const r = await q
      .insertInto("reminders")
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .executeTakeFirst();
    inserted += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Which of these keys are stored already (the planner skips them before building rows). */
export async function existingDedupeKeys(q: Q, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
    const rows = await q
      .selectFrom("reminders")
      .select("dedupe_key")
      .where("dedupe_key", "in", keys.slice(i, i + INSERT_CHUNK))
      .execute();
    for (const r of rows) found.add(r.dedupe_key);
  }
  return found;
}

/** Pending reminders whose time has come and whose lease (if any) has run out, oldest first. */
export async function dueReminderIds(q: Q, now: string, limit: number): Promise<string[]> {
  const rows = await q
    .selectFrom("reminders")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where("not_before", "<=", now)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]))
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Takes the lease on a reminder: one atomic UPDATE that succeeds for one worker only. On PostgreSQL a
 * concurrent UPDATE of the same row waits for the first to commit and then re-checks the WHERE, which no
 * longer holds; SQLite runs one writer at a time.
 */
export async function claimReminder(
  q: Q,
  id: string,
  worker: string,
  now: string,
  leaseUntil: string,
): Promise<boolean> {
  const r = await q
    .updateTable("reminders")
    .set({ locked_by: worker, locked_until: leaseUntil })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A claimed reminder with what sending it needs: the task's region, the channel's current address. */
export async function reminderForDelivery(q: Q, id: string) {
  return q
    .selectFrom("reminders")
    .innerJoin("assignments", "assignments.id", "reminders.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .leftJoin("notification_channels as ch", "ch.id", "reminders.channel_id")
    .leftJoin("users as u", "u.id", "reminders.recipient_user_id")
    .selectAll("reminders")
    .select([
      "tasks.region_id as region_id",
      "ch.target as channel_target",
      "ch.secret as channel_secret",
      "ch.enabled as channel_enabled",
      "u.email as user_email",
      "u.disabled as user_disabled",
    ])
    .where("reminders.id", "=", id)
    .executeTakeFirst();
}
export type DeliveryItem = NonNullable<Awaited<ReturnType<typeof reminderForDelivery>>>;

export async function insertDelivery(q: Q, row: DeliveryRecord): Promise<void> {
  await q.insertInto("deliveries").values(row).execute();
}

/**
 * Ends an attempt held under `worker`'s lease: sent, dead, or pending again at `nextAttemptAt`. False when
 * the lease was lost (it ran out and another worker took the reminder).
 */
export async function finishAttempt(
  q: Q,
  id: string,
  worker: string,
  set: {
    status: "pending" | "sent" | "dead";
    attempts: number;
    next_attempt_at: string;
    last_error: string | null;
    sent_at: string | null;
  },
): Promise<boolean> {
  const r = await q
    .updateTable("reminders")
    .set({ ...set, locked_by: null, locked_until: null })
    .where("id", "=", id)
    .where("locked_by", "=", worker)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Puts a dead reminder back in the queue (an admin fixed the channel). */
export async function requeueReminder(q: Q, id: string, now: string): Promise<boolean> {
  const r = await q
    .updateTable("reminders")
    .set({ status: "pending", attempts: 0, next_attempt_at: now, locked_by: null, locked_until: null })
    .where("id", "=", id)
    .where("status", "=", "dead")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The template for a kind: the nearest region of `regionChain` with its own, else the default (null). */
export async function templateFor(
  q: Q,
  key: string,
  regionChain: readonly (string | null)[],
): Promise<{ subject: string; body: string } | undefined> {
  const regions = regionChain.filter((r): r is string => r !== null);
  const rows = await q
    .selectFrom("notification_templates")
    .select(["region_id", "subject", "body"])
    .where("key", "=", key)
    .where((eb) =>
      regions.length > 0
        ? eb.or([eb("region_id", "is", null), eb("region_id", "in", regions)])
        : eb("region_id", "is", null),
    )
    .execute();
  for (const region of regionChain) {
    const row = rows.find((r) => r.region_id === region);
    if (row) return row;
  }
  return undefined;
}

// ── reading the outbox and the log ──

export interface OutboxFilter {
  status?: string | undefined;
  assignmentId?: string | undefined;
  /** null: every region; else tasks in these regions. */
  regionIds: readonly string[] | null;
  before?: string | undefined;
  limit: number;
}

export async function listReminders(q: Q, f: OutboxFilter) {
  let qb = q
    .selectFrom("reminders")
    .innerJoin("assignments", "assignments.id", "reminders.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .leftJoin("users as u", "u.id", "reminders.recipient_user_id")
    .selectAll("reminders")
    .select(["tasks.text as task_text", "u.display_name as recipient_name"]);
  if (f.status !== undefined) qb = qb.where("reminders.status", "=", f.status);
  if (f.assignmentId !== undefined) qb = qb.where("reminders.assignment_id", "=", f.assignmentId);
  if (f.regionIds !== null) qb = qb.where(regionIn("tasks.region_id", f.regionIds));
  if (f.before !== undefined) qb = qb.where("reminders.id", "<", f.before);
  return qb.orderBy("reminders.id", "desc").limit(f.limit).execute();
}

export async function getReminderRegion(q: Q, id: string) {
  return q
    .selectFrom("reminders")
    .innerJoin("assignments", "assignments.id", "reminders.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(["reminders.id", "reminders.status", "tasks.region_id"])
    .where("reminders.id", "=", id)
    .executeTakeFirst();
}

export async function listDeliveries(
  q: Q,
  f: {
    reminderId?: string | undefined;
    ok?: boolean | undefined;
    regionIds: readonly string[] | null;
    before?: string | undefined;
    limit: number;
  },
) {
  let qb = q
    .selectFrom("deliveries")
    .innerJoin("reminders", "reminders.id", "deliveries.reminder_id")
    .innerJoin("assignments", "assignments.id", "reminders.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .selectAll("deliveries")
    .select(["reminders.kind as kind", "reminders.assignment_id as assignment_id"]);
  if (f.reminderId !== undefined) qb = qb.where("deliveries.reminder_id", "=", f.reminderId);
  if (f.ok !== undefined) qb = qb.where("deliveries.ok", "=", f.ok ? 1 : 0);
  if (f.regionIds !== null) qb = qb.where(regionIn("tasks.region_id", f.regionIds));
  if (f.before !== undefined) qb = qb.where("deliveries.id", "<", f.before);
  return qb.orderBy("deliveries.id", "desc").limit(f.limit).execute();
}

/** Gives a claimed reminder back, untried, to be taken again at `next` (the end of quiet hours). */
export async function deferReminder(q: Q, id: string, worker: string, next: string): Promise<void> {
  await q
    .updateTable("reminders")
    .set({ next_attempt_at: next, locked_by: null, locked_until: null })
    .where("id", "=", id)
    .where("locked_by", "=", worker)
    .where("status", "=", "pending")
    .execute();
}
