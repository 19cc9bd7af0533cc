import { shanghaiDay } from "../../core/calendar/index.js";
import { notBefore, type ReminderPayload } from "../../core/supervise/reminders.js";
import { rulesAt } from "../../core/supervise/rules.js";
import { newId } from "../../db/ids.js";
import { insertNotification } from "../../db/repos/notifications.js";
import { loadRulesAndCalendar } from "../../db/repos/reminderPlanning.js";
import {
  claimReminder,
  type DeliveryItem,
  deferReminder,
  dueReminderIds,
  finishAttempt,
  insertDelivery,
  reminderForDelivery,
  templateFor,
} from "../../db/repos/reminders.js";
import { type AppContext, runTransaction, type Tx } from "../context.js";
import type { OutgoingMessage, Senders, SendResult } from "./channels/index.js";
import { describeError } from "./channels/types.js";
import { regionChains } from "./directory.js";
import { renderMessage, templateVariables } from "./render.js";

export interface DeliverOptions {
  /** This process's name in leases and the log. */
  worker: string;
  senders: Senders;
  /** Public address of the web app, for links in messages read outside it ("" = app-relative links). */
  baseUrl: string;
  /** Reminders taken per round. */
  batch?: number;
  /** How long a claimed reminder stays ours; longer than any send can take. */
  leaseMs?: number;
  /** Attempts before a reminder is given up (dead). */
  maxAttempts?: number;
  /** Wait after the first failure; doubled after each further one, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Stop after this many reminders (one tick's share), so a backlog does not hold the tick forever. */
  limit?: number;
}

export interface DeliverResult {
  attempted: number;
  sent: number;
  failed: number;
  dead: number;
  /** Due, but in quiet hours: put back until they end. */
  deferred: number;
}

export const DELIVERY_DEFAULTS = {
  batch: 50,
  leaseMs: 5 * 60_000,
  maxAttempts: 6,
  backoffMs: 60_000,
  maxBackoffMs: 6 * 3_600_000,
  limit: 2000,
};

/** The wait before attempt `attempts + 1`: backoff · 2^(attempts − 1), capped. */
export function backoffDelay(attempts: number, backoffMs: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends the reminders that are due: claims each by lease, renders it from its template, sends it, and
 * records the attempt (a deliveries row) with the outcome — sent, retried later with exponential backoff,
 * or dead after `maxAttempts`. In-app messages are written in the same transaction that marks them sent,
 * so they appear exactly once; an external send that succeeded just before a crash may be repeated once
 * the lease runs out (at least once, never lost).
 */
export async function deliverDue(ctx: AppContext, opts: DeliverOptions): Promise<DeliverResult> {
  const o: Settings = {
    ...DELIVERY_DEFAULTS,
    ...stripUndefined(opts),
    worker: opts.worker,
    senders: opts.senders,
    baseUrl: opts.baseUrl,
  };
  const result: DeliverResult = { attempted: 0, sent: 0, failed: 0, dead: 0, deferred: 0 };
  const { rules, regions } = await loadRulesAndCalendar(ctx.db.kysely);
  const chains = regionChains(regions);
  const ruleRows = rules.map((r) => ({
    regionId: r.region_id,
    effectiveFrom: r.effective_from,
    rules: r.rules,
  }));
  const quietUntil = (regionId: string | null, at: Date): Date =>
    notBefore(at, rulesAt(ruleRows, chains.chain(regionId), shanghaiDay(at)).quietHours);
  const skipped = new Set<string>();
  while (result.attempted < o.limit) {
    const now = ctx.now();
    const ids = (await dueReminderIds(ctx.db.kysely, now.toISOString(), o.batch + skipped.size)).filter(
      (id) => !skipped.has(id),
    );
    if (ids.length === 0) break;
    let progressed = false;
    for (const id of ids.slice(0, o.batch)) {
      const at = ctx.now();
      const leaseUntil = new Date(at.getTime() + o.leaseMs).toISOString();
      if (!(await claimReminder(ctx.db.kysely, id, o.worker, at.toISOString(), leaseUntil))) {
        // Another worker has it: not ours to retry in this round.
        skipped.add(id);
        continue;
      }
      progressed = true;
      const outcome = await attempt(ctx, id, o, chains, quietUntil);
      if (outcome === "deferred") {
        result.deferred++;
        continue;
      }
      result.attempted++;
      if (outcome === "sent") result.sent++;
      else if (outcome === "dead") result.dead++;
      else if (outcome === "retry") result.failed++;
    }
    if (!progressed) break;
  }
  return result;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Outcome = "sent" | "retry" | "dead" | "lost" | "deferred";
type Settings = typeof DELIVERY_DEFAULTS & DeliverOptions;

async function attempt(
  ctx: AppContext,
  id: string,
  o: Settings,
  chains: ReturnType<typeof regionChains>,
  quietUntil: (regionId: string | null, at: Date) => Date,
): Promise<Outcome> {
  const item = await reminderForDelivery(ctx.db.kysely, id);
  if (!item) return "lost";
  // A retry or a backlog reaching its turn at night waits for the morning like a new reminder does.
  const now = ctx.now();
  const until = quietUntil(item.region_id, now);
  if (until.getTime() > now.getTime()) {
    await deferReminder(ctx.db.kysely, id, o.worker, until.toISOString());
    return "deferred";
  }
  let message: OutgoingMessage & { path: string };
  try {
    message = await render(ctx, item, o.baseUrl, chains);
  } catch (err) {
    return finish(
      ctx,
      item,
      o,
      { ok: false, responseCode: null, error: `render: ${describeError(err)}` },
      null,
    );
  }
  if (item.channel === "inapp") {
    if (item.user_disabled === 1)
      return finish(ctx, item, o, { ok: false, responseCode: null, error: "recipient disabled" }, null, true);
    return finish(ctx, item, o, { ok: true, responseCode: null, error: null }, message);
  }
  const refusal = cannotSend(item, o.senders);
  if (refusal)
    return finish(ctx, item, o, { ok: false, responseCode: null, error: refusal.error }, null, refusal.final);
  const sender = o.senders[item.channel as "email" | "dingtalk" | "wecom"];
  let res: SendResult;
  try {
    res = await (sender as NonNullable<typeof sender>).send(
      { address: addressOf(item) as string, secret: item.channel_secret ?? null },
      message,
    );
  } catch (err) {
    res = { ok: false, responseCode: null, error: describeError(err) };
  }
  return finish(ctx, item, o, res, null);
}

/** The address now: a user's current e-mail, a channel's current target. */
function addressOf(item: DeliveryItem): string | null {
  if (item.channel_id !== null) return item.channel_target ?? null;
  if (item.channel === "email") return item.user_email?.trim() || item.target;
  return item.target;
}

/** Why a reminder cannot go (final: retrying cannot help). */
function cannotSend(item: DeliveryItem, senders: Senders): { error: string; final: boolean } | null {
  if (item.channel_id !== null && item.channel_enabled === 0)
    return { error: "channel disabled", final: true };
  if (item.recipient_user_id !== null && item.user_disabled === 1)
    return { error: "recipient disabled", final: true };
  if (!addressOf(item)) return { error: "no address", final: true };
  if (item.channel === "email" && !senders.email)
    return { error: "e-mail is not configured (DUBAN_SMTP_URL)", final: false };
  if (!["email", "dingtalk", "wecom"].includes(item.channel))
    return { error: `unknown channel ${item.channel}`, final: true };
  return null;
}

async function render(
  ctx: AppContext,
  item: DeliveryItem,
  baseUrl: string,
  chains: ReturnType<typeof regionChains>,
): Promise<OutgoingMessage & { path: string }> {
  const payload = JSON.parse(item.payload) as ReminderPayload;
  const template = await templateFor(ctx.db.kysely, item.kind, chains.chain(item.region_id));
  if (!template) throw new Error(`no template for ${item.kind}`);
  // In-app links stay app-relative; messages read elsewhere get the public address.
  const vars = templateVariables(payload, item.channel === "inapp" ? "" : baseUrl);
  const { subject, body } = renderMessage(template, vars);
  const path = `/assignments/${encodeURIComponent(item.assignment_id)}`;
  return { subject, body, link: vars.链接 ?? path, path, reminderId: item.id };
}

async function finish(
  ctx: AppContext,
  item: DeliveryItem,
  o: Settings,
  res: SendResult,
  inapp: (OutgoingMessage & { path: string }) | null,
  final = false,
): Promise<Outcome> {
  const now = ctx.now();
  const at = now.toISOString();
  const attempts = item.attempts + 1;
  const status = res.ok ? "sent" : final || attempts >= o.maxAttempts ? "dead" : "pending";
  const next =
    res.ok || status === "dead"
      ? at
      : new Date(now.getTime() + backoffDelay(attempts, o.backoffMs, o.maxBackoffMs)).toISOString();
  const kept = await runTransaction(ctx.db, async (tx: Tx) => {
    const held = await finishAttempt(tx, item.id, o.worker, {
      status,
      attempts,
      next_attempt_at: next,
      last_error: res.ok ? null : res.error,
      sent_at: res.ok ? at : null,
    });
    // An external attempt happened whether or not the lease still held, so it is logged either way; an
    // in-app one happens only here, under the lease.
    if (!held && inapp) return false;
    await insertDelivery(tx, {
      id: newId(),
      reminder_id: item.id,
      channel: item.channel,
      target: item.channel === "inapp" ? item.recipient_user_id : addressOf(item),
      at,
      ok: res.ok ? 1 : 0,
      error: res.error,
      response_code: res.responseCode,
      worker: o.worker,
    });
    if (held && inapp && item.recipient_user_id)
      await insertNotification(tx, {
        id: newId(),
        user_id: item.recipient_user_id,
        reminder_id: item.id,
        title: inapp.subject,
        body: inapp.body,
        link: inapp.path,
        created_at: at,
        read_at: null,
      });
    return held;
  });
  if (!kept) return "lost";
  return status === "sent" ? "sent" : status === "dead" ? "dead" : "retry";
}
