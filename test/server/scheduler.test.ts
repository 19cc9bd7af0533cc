import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { assignTask } from "../../src/app/assignments/assignments.js";
import { buildServer } from "../../src/server/app.js";
import { ServerConfig, serverConfigFromEnv } from "../../src/server/config.js";
import { attachScheduler, type Timers } from "../../src/server/scheduler.js";
import { addDepartment, addPerson, FakeClock, ledgerWithSample } from "../app/reminders.support.js";
import { DIALECTS } from "../support/db.js";

describe("scheduler settings", () => {
  it("reads DUBAN_SCHEDULER, its interval, SMTP and the public address from the environment", () => {
    const c = serverConfigFromEnv({
      DUBAN_SCHEDULER: "off",
      DUBAN_SCHEDULER_INTERVAL: "30",
      DUBAN_SMTP_URL: "smtp://mail.example.gov.cn:25",
      DUBAN_MAIL_FROM: "督办 <duban@example.gov.cn>",
      DUBAN_PUBLIC_URL: "https://duban.example.gov.cn",
    });
    expect(c).toMatchObject({
      scheduler: "off",
      schedulerIntervalSeconds: 30,
      smtpUrl: "smtp://mail.example.gov.cn:25",
      mailFrom: "督办 <duban@example.gov.cn>",
      publicUrl: "https://duban.example.gov.cn",
    });
    expect(serverConfigFromEnv({})).toMatchObject({
      scheduler: "on",
      schedulerIntervalSeconds: 60,
      smtpUrl: null,
    });
    expect(() => serverConfigFromEnv({ DUBAN_SCHEDULER: "maybe" })).toThrow(/scheduler/);
    expect(() => serverConfigFromEnv({ DUBAN_SCHEDULER_INTERVAL: "1" })).toThrow(/schedulerIntervalSeconds/);
  });
});

describe.each(DIALECTS)("the scheduler in a server on %s", (dialect) => {
  it("starts with the server, ticks on its interval, and stops when the server closes", async () => {
    const world = await ledgerWithSample(dialect);
    try {
      const clock = new FakeClock("2026-03-02T10:00:00");
      const dept = await addDepartment(world.db, world.regionId, "住建局");
      const clerk = await addPerson(world.db, "department", { departmentId: dept });
      await assignTask({ db: world.db, actor: SYSTEM_ACTOR, now: clock.now }, world.taskIds[0] as string, {
        leadDepartmentId: dept,
        coDepartmentIds: [],
        deadline: "2026-03-31",
      });
      const registered: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
      const timers: Timers = {
        setInterval: (fn, ms) => {
          const t = { fn, ms, cleared: false };
          registered.push(t);
          return t;
        },
        clearInterval: (h) => {
          (h as { cleared: boolean }).cleared = true;
        },
      };
      const app = await buildServer({ db: world.db, config: ServerConfig.parse({}) });
      const scheduler = attachScheduler(app, {
        db: world.db,
        config: ServerConfig.parse({ schedulerIntervalSeconds: 30 }),
        now: clock.now,
        timers,
      });
      await app.ready();
      expect(registered.map((t) => t.ms)).toEqual([30_000]);
      // The first tick ran on start (nothing due on the day of 交办); the timer's next one finds the 签收 reminder.
      const first = await scheduler.tick();
      expect(first.errors).toEqual([]);
      clock.set("2026-03-04T09:00:00");
      registered[0]?.fn();
      // A tick asked for while the timer's runs shares it: one run, not two.
      const second = await scheduler.tick();
      expect(second.planned?.inserted).toBe(1);
      expect(second.delivered?.sent).toBe(1);
      const notes = await world.db.kysely.selectFrom("notifications").select("user_id").execute();
      expect(notes).toEqual([{ user_id: clerk }]);
      await app.close();
      expect(registered[0]?.cleared).toBe(true);
    } finally {
      await world.close();
    }
  });
});
