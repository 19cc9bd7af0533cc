import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type {
  Database,
  NotificationChannelsTable,
  NotificationsTable,
  NotificationTemplatesTable,
} from "../schema.js";
import { regionIn } from "./regions.js";

type Q = Kysely<Database>;
export type NotificationRecord = Selectable<NotificationsTable>;
export type ChannelRecord = Selectable<NotificationChannelsTable>;
export type TemplateRecord = Selectable<NotificationTemplatesTable>;

// ── in-app notifications ──

/** Writes the in-app message of a reminder once: a second write for the same reminder is a no-op. */
export async function insertNotification(q: Q, row: Insertable<NotificationsTable>): Promise<void> {
  await q
    .insertInto("notifications")
    .values(row)
    .onConflict((oc) => oc.column("reminder_id").doNothing())
    .execute();
}

export async function listNotifications(
  q: Q,
  userId: string,
  f: { unread: boolean; before?: string | undefined; limit: number },
): Promise<NotificationRecord[]> {
  let qb = q.selectFrom("notifications").selectAll().where("user_id", "=", userId);
  if (f.unread) qb = qb.where("read_at", "is", null);
  if (f.before !== undefined) qb = qb.where("id", "<", f.before);
  return qb.orderBy("id", "desc").limit(f.limit).execute();
}

export async function unreadCount(q: Q, userId: string): Promise<number> {
  const r = await q
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Marks the user's own notifications read (all unread ones when `ids` is null); returns how many changed. */
export async function markRead(q: Q, userId: string, ids: string[] | null, at: string): Promise<number> {
  let qb = q
    .updateTable("notifications")
    .set({ read_at: at })
    .where("user_id", "=", userId)
    .where("read_at", "is", null);
  if (ids !== null) {
    if (ids.length === 0) return 0;
    qb = qb.where("id", "in", ids);
  }
  const r = await qb.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function getNotification(q: Q, id: string): Promise<NotificationRecord | undefined> {
  return q.selectFrom("notifications").selectAll().where("id", "=", id).executeTakeFirst();
}

// ── channels ──

/** Channels in the regions given (null: all), department channels by their department's region. */
export async function listChannels(
  q: Q,
  f: {
    regionIds: readonly string[] | null;
    regionId?: string | undefined;
    after?: string | undefined;
    limit: number;
  },
): Promise<ChannelRecord[]> {
  let qb = q.selectFrom("notification_channels").selectAll();
  if (f.regionIds !== null) qb = qb.where(regionIn("region_id", f.regionIds));
  if (f.regionId !== undefined) qb = qb.where("region_id", "=", f.regionId);
  if (f.after !== undefined) qb = qb.where("id", ">", f.after);
  return qb.orderBy("id").limit(f.limit).execute();
}

export async function getChannel(q: Q, id: string): Promise<ChannelRecord | undefined> {
  return q.selectFrom("notification_channels").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertChannel(q: Q, row: Insertable<NotificationChannelsTable>): Promise<void> {
  await q.insertInto("notification_channels").values(row).execute();
}

export async function updateChannel(
  q: Q,
  id: string,
  version: number,
  set: Updateable<NotificationChannelsTable>,
): Promise<boolean> {
  const r = await q
    .updateTable("notification_channels")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes a channel; its reminders go with it (the outbox rows cascade, their deliveries too). */
export async function deleteChannel(q: Q, id: string, version: number): Promise<boolean> {
  const r = await q
    .deleteFrom("notification_channels")
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ── templates ──

/** The defaults and the regions' own templates (regionIds null: all regions; else those regions'). */
export async function listTemplates(
  q: Q,
  f: { regionIds: readonly string[] | null; regionId?: string | undefined },
): Promise<TemplateRecord[]> {
  let qb = q.selectFrom("notification_templates").selectAll();
  if (f.regionId !== undefined)
    qb = qb.where((eb) => eb.or([eb("region_id", "is", null), eb("region_id", "=", f.regionId as string)]));
  if (f.regionIds !== null) {
    const ids = f.regionIds;
    qb = qb.where((eb) => eb.or([eb("region_id", "is", null), regionIn("region_id", ids)]));
  }
  return qb.orderBy("key").orderBy("region_id").execute();
}

export async function getTemplate(q: Q, id: string): Promise<TemplateRecord | undefined> {
  return q.selectFrom("notification_templates").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findTemplate(q: Q, key: string, regionId: string): Promise<TemplateRecord | undefined> {
  return q
    .selectFrom("notification_templates")
    .selectAll()
    .where("key", "=", key)
    .where("region_id", "=", regionId)
    .executeTakeFirst();
}

export async function insertTemplate(q: Q, row: Insertable<NotificationTemplatesTable>): Promise<void> {
  await q.insertInto("notification_templates").values(row).execute();
}

export async function updateTemplate(
  q: Q,
  id: string,
  version: number,
  set: Updateable<NotificationTemplatesTable>,
): Promise<boolean> {
  const r = await q
    .updateTable("notification_templates")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteTemplate(q: Q, id: string, version: number): Promise<boolean> {
  const r = await q
    .deleteFrom("notification_templates")
    .where("id", "=", id)
    .where("version", "=", version)
    .where("region_id", "is not", null)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
