import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/app/actor.js";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { assignTask } from "../../src/app/assignments/assignments.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { submitProgress } from "../../src/app/progress/progress.js";
import { makeSenders } from "../../src/app/reminders/channels/index.js";
import { deliverDue } from "../../src/app/reminders/deliverDue.js";
import { acknowledgeAssignment } from "../../src/app/supervision/signoff.js";
import { addDays, shanghaiDay, shanghaiTime } from "../../src/core/calendar/index.js";
import { type Db, openDatabase } from "../../src/db/database.js";
import { createScheduler, type Scheduler } from "../../src/server/scheduler.js";
import { SAMPLE } from "../server/supervision.support.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import {
  addDepartment,
  addPerson,
  FakeClock,
  type Smtp,
  setHead,
  startSmtp,
  startWebhook,
  type Webhook,
} from "./reminders.support.js";

/**
 * A year of 督办 on a simulated clock: a real report's tasks assigned to four departments that behave
 * differently, the scheduler ticking once a day (at rotating hours, some of them quiet), and at the end every
 * reminder checked: sent exactly once, to the right people, never in quiet hours; escalation on the days
 * computed by hand.
 */
const CORPUS_FILE = resolve(import.meta.dirname, "../../../shared/corpus/province_sichuan_2026.txt");
const HAS_CORPUS = existsSync(CORPUS_FILE);
if (!HAS_CORPUS)
  console.warn(`supervise-year: ${CORPUS_FILE} is absent; using the repository's sample report instead`);
const REPORT = HAS_CORPUS ? CORPUS_FILE : SAMPLE;

const FIRST_DAY = "2026-01-05"; // a Monday
const LAST_DAY = "2026-12-31";
/** The tick's hour rotates; 22:30 and 23:50 are in the default quiet hours (22:00–08:00). */
const TICK_TIMES = ["10:00:00", "15:00:00", "22:30:00", "23:50:00", "08:00:00"];

function deptActor(userId: string, departmentId: string): Actor {
  return { id: userId, username: userId, role: "department", regionId: null, regionIds: null, departmentId };
}

describe.each(DIALECTS)("a simulated year of reminders and escalation on %s", (dialect) => {
  let db: TestDb;
  let second: Db;
  let hook: Webhook;
  let smtp: Smtp;
  let schedulers: Scheduler[];
  const clock = new FakeClock(`${FIRST_DAY}T09:00:00`);
  const people: Record<string, { dept: string; clerk: string; head: string }> = {};
  let supervisor: string;
  const assignments: Record<string, string[]> = {};
  const acknowledged = new Set<string>();

  beforeAll(async () => {
    db = await freshDb(dialect);
    // PostgreSQL: a second pool, as a second server would have; SQLite: one process, one handle.
    second = dialect === "postgres" ? await openDatabase({ dialect: "postgres", url: db.url }) : db;
    const ingested = await ingestReport(
      { db, actor: SYSTEM_ACTOR, now: clock.now },
      { bytes: readFileSync(REPORT), path: REPORT.split("/").at(-1) as string },
    );
    const report = await db.kysely
      .selectFrom("reports")
      .select("region_id")
      .where("id", "=", ingested.reportId)
      .executeTakeFirstOrThrow();
    const regionId = report.region_id as string;
    const tasks = await db.kysely
      .selectFrom("tasks")
      .select("id")
      .where("report_id", "=", ingested.reportId)
      .orderBy("start_pos")
      .execute();
    expect(tasks.length).toBeGreaterThanOrEqual(7);

    hook = await startWebhook();
    // The department's robot is down for its first two calls.
    hook.script.push(500, 500);
    smtp = await startSmtp();
    supervisor = await addPerson(db, "supervisor", { regionId, name: "督查室" });
    const plan: Array<[string, string, number, string]> = [
      // key, department, tasks, deadline
      ["good", "发展改革委", 2, "2026-12-31"],
      ["late", "经济和信息化厅", 2, "2026-09-30"],
      ["silent", "住房城乡建设厅", 2, "2026-06-30"],
      ["hand", "交通运输厅", 1, "2026-03-31"],
    ];
    let next = 0;
    clock.set(`${FIRST_DAY}T09:30:00`);
    for (const [key, name, n, deadline] of plan) {
      const dept = await addDepartment(db, regionId, name);
      const clerk = await addPerson(db, "department", {
        departmentId: dept,
        name: `${name}填报员`,
        email: key === "late" ? "clerk@jxt.example.gov.cn" : null,
      });
      const head = await addPerson(db, "department", {
        departmentId: dept,
        name: `${name}负责人`,
        email: key === "silent" ? "head@zjt.example.gov.cn" : null,
      });
      await setHead(db, dept, head);
      people[key] = { dept, clerk, head };
      assignments[key] = [];
      for (let i = 0; i < n; i++) {
        const a = await assignTask({ db, actor: SYSTEM_ACTOR, now: clock.now }, tasks[next++]?.id as string, {
          leadDepartmentId: dept,
          coDepartmentIds: [],
          deadline,
        });
        assignments[key]?.push(a.id);
      }
    }
    const silent = people.silent as { dept: string };
    const now = new Date().toISOString();
    await db.kysely
      .insertInto("notification_channels")
      .values({
        id: "ch-silent-wecom",
        region_id: regionId,
        department_id: silent.dept,
        name: "住建厅工作群",
        kind: "wecom",
        target: hook.url,
        created_at: now,
        updated_at: now,
      })
      .execute();

    const senders = makeSenders({ smtpUrl: smtp.url, mailFrom: "duban@example.gov.cn" });
    schedulers = [db, second].map((handle, i) =>
      createScheduler({
        db: handle,
        senders,
        now: clock.now,
        intervalMs: 86_400_000,
        worker: `instance-${i}`,
        baseUrl: "https://duban.example.gov.cn",
        delivery: { backoffMs: 60_000 },
      }),
    );

    const version = async (id: string) =>
      (
        await db.kysely
          .selectFrom("assignments")
          .select("version")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).version;
    const ack = async (key: string, id: string) => {
      const p = people[key] as { dept: string; clerk: string };
      await acknowledgeAssignment({ db, actor: deptActor(p.clerk, p.dept), now: clock.now }, id, {
        version: await version(id),
      });
      acknowledged.add(id);
    };
    const reportProgress = async (key: string, id: string, percent: number) => {
      const p = people[key] as { dept: string; clerk: string };
      await submitProgress(
        { db, actor: deptActor(p.clerk, p.dept), now: clock.now },
        id,
        { percent, text: `${clock.now().toISOString().slice(0, 7)} 进展：按计划推进` },
        { maxFileBytes: 1_000_000 },
      );
    };

    let i = 0;
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDays(day, 1), i++) {
      clock.set(`${day}T09:30:00`);
      const dom = Number(day.slice(8, 10));
      const month = Number(day.slice(5, 7));
      // good: signs the next day, reports on the 20th of every month.
      // late: signs two days after the sign-off date, reports on the 28th of odd months only.
      // silent: never signs. hand: signs the next day, never reports.
      if (day === "2026-01-06") {
        for (const id of assignments.good ?? []) await ack("good", id);
        for (const id of assignments.hand ?? []) await ack("hand", id);
      }
      if (day === "2026-01-10") for (const id of assignments.late ?? []) await ack("late", id);
      if (dom === 20)
        for (const id of assignments.good ?? []) await reportProgress("good", id, Math.min(100, month * 8));
      if (dom === 28 && month % 2 === 1)
        for (const id of assignments.late ?? []) await reportProgress("late", id, month * 7);

      clock.set(`${day}T${TICK_TIMES[i % TICK_TIMES.length]}`);
      const results = await Promise.all(schedulers.map((s) => s.tick()));
      for (const r of results)
        if (r.errors.length > 0) throw new Error(`${day}: ${JSON.stringify(r.errors)}`);
    }
    // Whatever the last night left waiting goes out next morning.
    clock.set(`${addDays(LAST_DAY, 1)}T09:00:00`);
    await deliverDue({ db, actor: null, now: clock.now }, { worker: "final", senders, baseUrl: "" });
    await Promise.all(schedulers.map((s) => s.stop()));
    await senders.email?.close?.();
  }, 600_000);

  afterAll(async () => {
    await hook?.close();
    await smtp?.close();
    if (second && second !== db) await second.close();
    await db?.drop();
  });

  const allReminders = () =>
    db.kysely
      .selectFrom("reminders")
      .innerJoin("assignments", "assignments.id", "reminders.assignment_id")
      .selectAll("reminders")
      .select("assignments.lead_department_id")
      .execute();

  it("the ack due date follows the working-day calendar (3 working days after 5 January: the 8th)", async () => {
    const rows = await db.kysely.selectFrom("assignments").select("ack_due_date").execute();
    expect(new Set(rows.map((r) => r.ack_due_date))).toEqual(new Set(["2026-01-08"]));
  });

  it("sends every reminder exactly once: one successful delivery each, none twice", async () => {
    const rows = await allReminders();
    expect(rows.length).toBeGreaterThan(50);
    expect(
      rows.filter((r) => r.status !== "sent").map((r) => [r.dedupe_key, r.status, r.last_error]),
    ).toEqual([]);
    const ok = await db.kysely
      .selectFrom("deliveries")
      .select(["reminder_id", "worker"])
      .where("ok", "=", 1)
      .execute();
    // Both instances did real work: the uniqueness below is not one instance doing everything.
    if (dialect === "postgres")
      expect(new Set(ok.map((d) => d.worker))).toEqual(new Set(["instance-0", "instance-1"]));
    const perReminder = new Map<string, number>();
    for (const d of ok) perReminder.set(d.reminder_id, (perReminder.get(d.reminder_id) ?? 0) + 1);
    expect([...perReminder.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perReminder.size).toBe(rows.length);
    // In-app: one message per in-app reminder; e-mail: one mail each; the robot: one accepted call each.
    const notes = await db.kysely.selectFrom("notifications").select(["reminder_id", "user_id"]).execute();
    expect(notes.length).toBe(rows.filter((r) => r.channel === "inapp").length);
    expect(new Set(notes.map((n) => n.reminder_id)).size).toBe(notes.length);
    const emails = rows.filter((r) => r.channel === "email");
    expect(emails.length).toBeGreaterThan(0);
    expect(smtp.mails.length).toBe(emails.length);
    expect(smtp.mails.map((m) => m.reminderId).sort()).toEqual(emails.map((r) => r.id).sort());
    expect(
      smtp.mails.every(
        (m) => m.to[0] === "clerk@jxt.example.gov.cn" || m.to[0] === "head@zjt.example.gov.cn",
      ),
    ).toBe(true);
    const robot = rows.filter((r) => r.channel === "wecom");
    expect(hook.requests.filter((r) => r.status === 200).length).toBe(robot.length);
  });

  it("retried the robot's failed calls with backoff and logged each attempt", async () => {
    const failed = await db.kysely
      .selectFrom("deliveries")
      .selectAll()
      .where("ok", "=", 0)
      .orderBy("at")
      .execute();
    expect(failed.map((d) => [d.channel, d.response_code])).toEqual([
      ["wecom", 500],
      ["wecom", 500],
    ]);
    for (const f of failed) {
      const later = await db.kysely
        .selectFrom("deliveries")
        .selectAll()
        .where("reminder_id", "=", f.reminder_id)
        .where("ok", "=", 1)
        .executeTakeFirstOrThrow();
      expect(new Date(later.at).getTime()).toBeGreaterThanOrEqual(new Date(f.at).getTime() + 60_000);
    }
  });

  it("goes to the right people: department reminders to its users, 催办单 to the head, red list to supervisors", async () => {
    const rows = await allReminders();
    const byUser = new Map<string, { dept: string; head: boolean }>();
    for (const p of Object.values(people)) {
      byUser.set(p.clerk, { dept: p.dept, head: false });
      byUser.set(p.head, { dept: p.dept, head: true });
    }
    const wrong: string[] = [];
    for (const r of rows) {
      if (r.recipient_user_id === null) {
        if (r.channel_id !== "ch-silent-wecom" || r.lead_department_id !== people.silent?.dept)
          wrong.push(r.dedupe_key);
        continue;
      }
      const who = byUser.get(r.recipient_user_id);
      if (r.kind === "red_list") {
        if (r.recipient_user_id !== supervisor && !(who?.head && who.dept === r.lead_department_id))
          wrong.push(r.dedupe_key);
      } else if (r.kind === "escalate") {
        if (!who?.head || who.dept !== r.lead_department_id) wrong.push(r.dedupe_key);
      } else if (who?.dept !== r.lead_department_id) wrong.push(r.dedupe_key);
    }
    expect(wrong).toEqual([]);
    // The department that signs and reports on time is never told it is late, and is never escalated.
    const goodDept = people.good?.dept;
    expect(
      rows.filter((r) => r.lead_department_id === goodDept && /missed|escalate|red_list/.test(r.kind)),
    ).toEqual([]);
    expect(rows.filter((r) => r.lead_department_id === goodDept).map((r) => r.kind)).toContain(
      "deadline_before",
    );
    // The silent department: one 签收-missed reminder per assignment and user, never a report reminder.
    const silent = rows.filter(
      (r) => r.lead_department_id === people.silent?.dept && r.recipient_user_id === people.silent?.clerk,
    );
    expect(silent.filter((r) => r.kind === "ack_missed").length).toBe(2);
    expect(silent.filter((r) => r.kind.startsWith("report"))).toEqual([]);
  });

  it("respects quiet hours: nothing delivered between 22:00 and 08:00, nothing before its time", async () => {
    const rows = await db.kysely
      .selectFrom("deliveries")
      .innerJoin("reminders", "reminders.id", "deliveries.reminder_id")
      .select(["deliveries.at", "reminders.not_before", "reminders.created_at"])
      .execute();
    const planned = await db.kysely.selectFrom("reminders").select(["created_at", "not_before"]).execute();
    // Some reminders were planned at night, and waited.
    expect(planned.some((r) => r.not_before > r.created_at)).toBe(true);
    const bad = rows.filter((r) => {
      const m = shanghaiTime(new Date(r.at)).minutes;
      return m >= 22 * 60 || m < 8 * 60 || r.at < r.not_before;
    });
    expect(bad).toEqual([]);
  });

  it("escalates the hand-computed case on the right days, with the reminders computed by hand", async () => {
    const [id] = assignments.hand as string[];
    const events = await db.kysely
      .selectFrom("assignment_events")
      .select(["action", "at", "to_state"])
      .where("assignment_id", "=", id as string)
      .where("action", "in", ["escalate", "red_list", "deescalate"])
      .orderBy("at")
      .execute();
    // Deadline Tuesday 31 March; 催办单 after 3 calendar days overdue, red list after 7.
    expect(events.map((e) => [e.action, shanghaiDay(new Date(e.at)), e.to_state])).toEqual([
      ["escalate", "2026-04-03", "1"],
      ["red_list", "2026-04-07", "2"],
    ]);
    const { clerk, head } = people.hand as { clerk: string; head: string };
    const mine = await db.kysely
      .selectFrom("reminders")
      .select(["dedupe_key", "created_at"])
      .where("assignment_id", "=", id as string)
      .where("recipient_user_id", "in", [clerk, head])
      .execute();
    const got = mine.map((r) => `${shanghaiDay(new Date(r.created_at))} ${r.dedupe_key}`).sort();
    const c = (key: string) => `${key}:u:${clerk}:inapp`;
    const h = (key: string) => `${key}:u:${head}:inapp`;
    const both = (day: string, key: string) => [`${day} ${c(key)}`, `${day} ${h(key)}`];
    const expected = [
      // January's report is due Monday the 26th (the 25th is a Sunday).
      ...both("2026-01-21", `report_before:${id}:2026-01:2026-01-26:3`),
      ...both("2026-01-23", `report_before:${id}:2026-01:2026-01-26:1`),
      ...both("2026-01-27", `report_missed:${id}:2026-01:2026-01-26`),
      // February's on Wednesday the 25th: 1 working day before is the 24th (15–23 is 春节); 3 before is the
      // 13th (Saturday 14th is a 调休 working day).
      ...both("2026-02-13", `report_before:${id}:2026-02:2026-02-25:3`),
      ...both("2026-02-24", `report_before:${id}:2026-02:2026-02-25:1`),
      ...both("2026-02-26", `report_missed:${id}:2026-02:2026-02-25`),
      ...both("2026-03-20", `report_before:${id}:2026-03:2026-03-25:3`),
      ...both("2026-03-24", `report_before:${id}:2026-03:2026-03-25:1`),
      ...both("2026-03-26", `report_missed:${id}:2026-03:2026-03-25`),
      ...both("2026-03-26", `deadline_before:${id}:2026-03-31:3`),
      ...both("2026-03-30", `deadline_before:${id}:2026-03-31:1`),
      ...both("2026-04-01", `deadline_missed:${id}:2026-03-31`),
      `2026-04-03 ${h(`escalate:${id}:2026-03-31`)}`,
      `2026-04-07 ${h(`red_list:${id}:2026-03-31`)}`,
    ].sort();
    expect(got).toEqual(expected);
    expect(acknowledged.has(id as string)).toBe(true);
  });
});
