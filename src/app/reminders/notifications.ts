import { decodeCursor } from "../../contract/api/common.js";
import type {
  MarkedRead,
  Notification,
  NotificationListQuery,
  UnreadCount,
} from "../../contract/api/notifications.js";
import {
  getNotification,
  listNotifications,
  markRead,
  type NotificationRecord,
  unreadCount,
} from "../../db/repos/notifications.js";
import type { AppContext } from "../context.js";
import { requireRole } from "../guard.js";
import { splitPage } from "../paging.js";
import { notFound } from "./errors.js";

const ALL_ROLES = ["admin", "supervisor", "department", "viewer"] as const;

function toNotification(r: NotificationRecord): Notification {
  return { id: r.id, title: r.title, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at };
}

/** The signed-in user's own in-app messages, newest first. Nobody reads anyone else's. */
export async function listMyNotifications(
  ctx: AppContext,
  query: NotificationListQuery,
): Promise<{ items: Notification[]; nextCursor: string | null }> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  const rows = await listNotifications(ctx.db.kysely, actor.id, {
    unread: query.unread,
    before: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  return {
    items: items.map(toNotification),
    nextCursor,
  };
}

export async function myUnreadCount(ctx: AppContext): Promise<UnreadCount> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  return { unread: await unreadCount(ctx.db.kysely, actor.id) };
}

/**
 * Marks one of the user's messages read. Reading is the user's own business, not a ledger change, so it
 * writes no audit entry. Someone else's message is reported as not found.
 */
export async function markNotificationRead(ctx: AppContext, id: string): Promise<Notification> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  const row = await getNotification(ctx.db.kysely, id);
  if (!row || row.user_id !== actor.id) throw notFound("notification", id);
  await markRead(ctx.db.kysely, actor.id, [id], ctx.now().toISOString());
  const after = await getNotification(ctx.db.kysely, id);
  return toNotification(after ?? row);
}

export async function markAllNotificationsRead(ctx: AppContext): Promise<MarkedRead> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  return { marked: await markRead(ctx.db.kysely, actor.id, null, ctx.now().toISOString()) };
}
