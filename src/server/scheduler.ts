import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../app/context.js";
import { closeSenders, type FetchLike, makeSenders, type Senders } from "../app/reminders/channels/index.js";
import { type DeliverOptions, type DeliverResult, deliverDue } from "../app/reminders/deliverDue.js";
import { type PlanResult, planReminders } from "../app/reminders/planReminders.js";
import { type RecomputeResult, recomputeStatuses } from "../app/supervision/recomputeStatuses.js";
import type { Db } from "../db/database.js";
import type { ServerConfig } from "./config.js";

export interface TickResult {
  at: string;
  statuses: RecomputeResult | null;
  planned: PlanResult | null;
  delivered: DeliverResult | null;
  /** Steps that failed this tick (the others still ran). */
  errors: Array<{ step: "statuses" | "plan" | "deliver"; message: string }>;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SchedulerOptions {
  db: Db;
  senders: Senders;
  /** The clock every step reads; tests move it. */
  now?: () => Date;
  intervalMs: number;
  timers?: Timers;
  /** Public address of the web app, for links in messages ("" = app-relative). */
  baseUrl?: string;
  /** This process's name in leases; default host:pid:random. */
  worker?: string;
  delivery?: Omit<DeliverOptions, "worker" | "senders" | "baseUrl">;
  /** Skip the colour recompute (a test that looks at reminders only). */
  recompute?: boolean;
  onError?: (step: string, err: unknown) => void;
  /** Closes the senders on stop (the scheduler owns them). */
  ownsSenders?: boolean;
}

export interface Scheduler {
  /** One run: recompute colours, plan reminders (and escalations), deliver what is due. */
  tick(): Promise<TickResult>;
  start(): void;
  /** Stops the timer and waits for a tick in progress to finish. */
  stop(): Promise<void>;
  readonly worker: string;
}

/**
 * The background tick of `duban serve`. Every step is idempotent and safe beside other servers on the same
 * PostgreSQL database: reminders are planned under a unique key and delivered under a lease, escalations
 * move from the level they read. Ticks never overlap within a process: a tick asked for while one runs
 * shares it.
 */
export function createScheduler(opts: SchedulerOptions): Scheduler {
  const now = opts.now ?? (() => new Date());
  const timers: Timers = opts.timers ?? {
    setInterval: (fn, ms) => {
      const h = setInterval(fn, ms);
      h.unref?.();
      return h;
    },
    clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
  };
  const worker = opts.worker ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const ctx: AppContext = { db: opts.db, actor: null, now };
  let running: Promise<TickResult> | null = null;
  let handle: unknown = null;
  let stopped = false;

  const step = async <T>(
    name: TickResult["errors"][number]["step"],
    errors: TickResult["errors"],
    fn: () => Promise<T>,
  ): Promise<T | null> => {
    try {
      return await fn();
    } catch (err) {
      errors.push({ step: name, message: (err as Error)?.message ?? String(err) });
      opts.onError?.(name, err);
      return null;
    }
  };

  const run = async (): Promise<TickResult> => {
    const errors: TickResult["errors"] = [];
    const at = now().toISOString();
    const statuses =
      opts.recompute === false ? null : await step("statuses", errors, () => recomputeStatuses(ctx));
    const planned = await step("plan", errors, () =>
      planReminders(ctx, { email: opts.senders.email !== null }),
    );
    const delivered = await step("deliver", errors, () =>
      deliverDue(ctx, { ...opts.delivery, worker, senders: opts.senders, baseUrl: opts.baseUrl ?? "" }),
    );
    return { at, statuses, planned, delivered, errors };
  };

  const tick = (): Promise<TickResult> => {
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    worker,
    tick,
    start() {
      if (handle !== null || stopped) return;
      handle = timers.setInterval(() => {
        if (!stopped) void tick();
      }, opts.intervalMs);
    },
    async stop() {
      stopped = true;
      if (handle !== null) timers.clearInterval(handle);
      handle = null;
      await running?.catch(() => {});
      if (opts.ownsSenders) await closeSenders(opts.senders);
    },
  };
}

/**
 * Runs a scheduler alongside a server built by `buildServer` (call before it is ready): it starts, with a
 * first tick, when the server is ready and stops — finishing a tick in progress — when the server closes.
 */
export function attachScheduler(
  app: FastifyInstance,
  opts: {
    db: Db;
    config: ServerConfig;
    now?: () => Date;
    timers?: Timers;
    fetch?: FetchLike;
    worker?: string;
  },
): Scheduler {
  const senders = makeSenders({
    smtpUrl: opts.config.smtpUrl,
    mailFrom: opts.config.mailFrom,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const scheduler = createScheduler({
    db: opts.db,
    senders,
    ownsSenders: true,
    intervalMs: opts.config.schedulerIntervalSeconds * 1000,
    baseUrl: opts.config.publicUrl ?? "",
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.timers ? { timers: opts.timers } : {}),
    ...(opts.worker ? { worker: opts.worker } : {}),
    onError: (step, err) => app.log.error({ err, step }, "scheduler step failed"),
  });
  app.addHook("onReady", async () => {
    scheduler.start();
    void scheduler.tick();
  });
  app.addHook("onClose", async () => {
    await scheduler.stop();
  });
  return scheduler;
}
