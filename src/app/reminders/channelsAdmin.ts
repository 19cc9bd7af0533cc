import { decodeCursor } from "../../contract/api/common.js";
import type {
  ChannelKind,
  ChannelListQuery,
  ChannelTestResult,
  CreateChannelBody,
  NotificationChannel,
  UpdateChannelBody,
} from "../../contract/api/notifications.js";
import { errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import { getDepartment, regionExists } from "../../db/repos/departments.js";
import {
  type ChannelRecord,
  deleteChannel as deleteChannelRow,
  getChannel,
  insertChannel,
  listChannels as listChannelRows,
  updateChannel as updateChannelRow,
} from "../../db/repos/notifications.js";
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction } from "../context.js";
import { inRegion, regionScope, requireRole } from "../guard.js";
import { splitPage } from "../paging.js";
import type { Senders } from "./channels/index.js";
import { notFound, stale } from "./errors.js";

export function toChannel(r: ChannelRecord): NotificationChannel {
  return {
    id: r.id,
    regionId: r.region_id,
    departmentId: r.department_id,
    name: r.name,
    kind: r.kind as ChannelKind,
    target: r.target,
    hasSecret: r.secret !== null && r.secret !== "",
    enabled: r.enabled !== 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** Admins manage every channel; supervisors those of their region (and below). A nationwide one: admins only. */
function requireManager(ctx: AppContext, regionId: string | null): Actor {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  if (regionId === null ? actor.role !== "admin" : !inRegion(actor, regionId))
    throw errors.forbidden("the channel is outside your region");
  return actor;
}

function checkTarget(kind: ChannelKind, target: string): void {
  if (kind === "email") {
    if (!/^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(target))
      throw errors.invalid("target", "not an e-mail address", "不是有效的电子邮件地址");
    return;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw errors.invalid("target", "not a URL", "不是有效的网址");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw errors.invalid("target", "the webhook must be an http(s) URL", "机器人地址须为 http(s) 网址");
}

export async function listChannels(
  ctx: AppContext,
  query: ChannelListQuery,
): Promise<{ items: NotificationChannel[]; nextCursor: string | null }> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const rows = await listChannelRows(ctx.db.kysely, {
    regionIds: regionScope(actor),
    regionId: query.regionId,
    after: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  return {
    items: items.map(toChannel),
    nextCursor,
  };
}

/** A channel of a department (filed under the department's region) or of a region. */
export async function createChannel(ctx: AppContext, input: CreateChannelBody): Promise<NotificationChannel> {
  requireRole(ctx.actor, "admin", "supervisor");
  checkTarget(input.kind, input.target);
  return inTransaction(ctx, async (tx, audit) => {
    let regionId = input.regionId ?? null;
    const departmentId = input.departmentId ?? null;
    if (departmentId !== null) {
      const dept = await getDepartment(tx, departmentId);
      if (!dept) throw errors.notFound("department", departmentId);
      if (regionId !== null && regionId !== dept.region_id)
        throw errors.invalid("regionId", "the department lies in another region", "该部门不属于所选地区");
      regionId = dept.region_id;
    } else if (regionId !== null && !(await regionExists(tx, regionId)))
      throw errors.notFound("region", regionId);
    requireManager(ctx, regionId);
    const now = ctx.now().toISOString();
    const row: ChannelRecord = {
      id: newId(),
      region_id: regionId,
      department_id: departmentId,
      name: input.name,
      kind: input.kind,
      target: input.target,
      secret: input.secret ?? null,
      enabled: input.enabled ? 1 : 0,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await insertChannel(tx, row);
    const channel = toChannel(row);
    await audit({ action: "channel.create", entityType: "channel", entityId: row.id, after: channel });
    return channel;
  });
}

export async function updateChannel(
  ctx: AppContext,
  id: string,
  input: UpdateChannelBody,
): Promise<NotificationChannel> {
  requireRole(ctx.actor, "admin", "supervisor");
  return inTransaction(ctx, async (tx, audit) => {
    const before = await getChannel(tx, id);
    if (!before) throw notFound("channel", id);
    requireManager(ctx, before.region_id);
    if (before.version !== input.version) throw stale("channel", id);
    if (input.target !== undefined) checkTarget(before.kind as ChannelKind, input.target);
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.target !== undefined ? { target: input.target } : {}),
      ...(input.secret !== undefined ? { secret: input.secret } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
      updated_at: ctx.now().toISOString(),
    };
    if (!(await updateChannelRow(tx, id, input.version, set))) throw stale("channel", id);
    const after = (await getChannel(tx, id)) as ChannelRecord;
    await audit({
      action: "channel.update",
      entityType: "channel",
      entityId: id,
      before: toChannel(before),
      after: toChannel(after),
    });
    return toChannel(after);
  });
}

/** Deletes a channel with its pending and past reminders (the outbox rows belong to the channel). */
export async function deleteChannel(ctx: AppContext, id: string, version?: number): Promise<void> {
  requireRole(ctx.actor, "admin", "supervisor");
  await inTransaction(ctx, async (tx, audit) => {
    const before = await getChannel(tx, id);
    if (!before) throw notFound("channel", id);
    requireManager(ctx, before.region_id);
    if (version !== undefined && version !== before.version) throw stale("channel", id);
    if (!(await deleteChannelRow(tx, id, before.version))) throw stale("channel", id);
    await audit({ action: "channel.delete", entityType: "channel", entityId: id, before: toChannel(before) });
  });
}

/** Sends a test message through the channel now, so an office sees its robot or mailbox works. */
export async function testChannel(ctx: AppContext, id: string, senders: Senders): Promise<ChannelTestResult> {
  requireRole(ctx.actor, "admin", "supervisor");
  const row = await getChannel(ctx.db.kysely, id);
  if (!row) throw notFound("channel", id);
  requireManager(ctx, row.region_id);
  const sender = senders[row.kind as ChannelKind];
  if (!sender) return { ok: false, responseCode: null, error: "e-mail is not configured (DUBAN_SMTP_URL)" };
  const res = await sender.send(
    { address: row.target, secret: row.secret },
    { subject: "【督办】通知渠道测试", body: `这是一条测试消息：通知渠道“${row.name}”配置正确。`, link: "" },
  );
  return { ok: res.ok, responseCode: res.responseCode, error: res.error };
}
