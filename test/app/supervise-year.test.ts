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
import { computeScores } from "../../src/app/scoring/computeScores.js";
import { rateQuality } from "../../src/app/scoring/quality.js";
import { decideClosure, requestClosure } from "../../src/app/supervision/closure.js";
import { decideExtension, requestExtension } from "../../src/app/supervision/extension.js";
import { reviewProgress } from "../../src/app/supervision/review.js";
import { acknowledgeAssignment } from "../../src/app/supervision/signoff.js";
import type { Scores } from "../../src/contract/api/scoring.js";
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
 * computed by hand. Along the way the departments take the cycle's other steps (a report returned, an extension,
 * closures on time and late, a quality rating), the stored colour is read on chosen days, and the scores of the
 * second quarter and of the year are compared with totals worked out by hand from DEFAULT_RUBRIC.
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
  /** Stored colour on chosen days, read after that day's tick: "day key#index" → "colour code percent". */
  const colours = new Map<string, string>();
  const scores: Record<string, Scores> = {};

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
    const finished = new Set<string>();
    const clerkOf = (key: string) => {
      const p = people[key] as { dept: string; clerk: string };
      return { db, actor: deptActor(p.clerk, p.dept), now: clock.now };
    };
    const supervise = {
      db,
      actor: {
        id: supervisor,
        username: supervisor,
        role: "supervisor" as const,
        regionId,
        regionIds: [regionId],
        departmentId: null,
      },
      now: clock.now,
    };
    const at = (key: string, i: number) => assignments[key]?.[i] as string;
    const closeOut = async (key: string, i: number, step: "request" | "approve") => {
      const id = at(key, i);
      if (step === "request") {
        await requestClosure(
          clerkOf(key),
          id,
          { version: await version(id), text: "已全部完成，申请办结" },
          { maxFileBytes: 1_000_000 },
        );
        finished.add(id);
      } else
        await decideClosure(supervise, id, { version: await version(id), decision: "approve", reason: null });
    };
    const snapshot = async (day: string, key: string, i: number) => {
      const row = await db.kysely
        .selectFrom("assignment_colours")
        .select(["colour", "detail"])
        .where("assignment_id", "=", at(key, i))
        .executeTakeFirst();
      const detail = JSON.parse(row?.detail ?? "{}") as { code?: string; percent?: number | null };
      colours.set(`${day} ${key}#${i}`, `${row?.colour ?? "green"} ${detail.code} ${detail.percent}`);
    };
    /** Days the stored colour is read on, and whose: see the hand-computed values in the test below. */
    const SNAPSHOTS: Record<string, Array<[string, number]>> = {
      "2026-01-12": [["silent", 0]],
      "2026-01-13": [["hand", 0]],
      "2026-01-14": [["hand", 0]],
      "2026-03-10": [["late", 0]],
      "2026-03-23": [["good", 1]],
      "2026-04-01": [["hand", 0]],
      "2026-06-16": [["good", 0]],
      "2026-07-01": [["silent", 0]],
      "2026-09-22": [["late", 0]],
      "2026-10-13": [["late", 1]],
      "2026-12-23": [["good", 1]],
      "2026-12-24": [["good", 1]],
    };
    let marchReturn = "";
    const reportProgress = async (key: string, id: string, percent: number) => {
      if (finished.has(id)) return;
      const p = people[key] as { dept: string; clerk: string };
      return await submitProgress(
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
        for (const id of assignments.good ?? []) {
          const entry = await reportProgress("good", id, Math.min(100, month * 8));
          if (day === "2026-03-20" && id === at("good", 1)) marchReturn = entry?.id ?? "";
        }
      // good#1: March's report is returned on Monday the 23rd and reported again the next day.
      if (day === "2026-03-23")
        await reviewProgress(supervise, marchReturn, {
          version: await version(at("good", 1)),
          decision: "return",
          reason: "未附佐证材料",
        });
      if (day === "2026-03-24") await reportProgress("good", at("good", 1), 24);
      // good#0: asks to close on 15 June, closed on the 16th, rated 优秀 on the 17th.
      if (day === "2026-06-15") await closeOut("good", 0, "request");
      if (day === "2026-06-16") await closeOut("good", 0, "approve");
      if (day === "2026-06-17")
        await rateQuality(supervise, at("good", 0), { level: "excellent", reason: "提前半年完成" });
      // late#0: asks on 21 September to move 30 September to 30 November, approved the 22nd, closed 20 November.
      if (day === "2026-09-21")
        await requestExtension(clerkOf("late"), at("late", 0), {
          version: await version(at("late", 0)),
          requestedDeadline: "2026-11-30",
          reason: "设备到货延迟",
        });
      if (day === "2026-09-22") {
        const ext = await db.kysely
          .selectFrom("extension_requests")
          .select("id")
          .where("assignment_id", "=", at("late", 0))
          .executeTakeFirstOrThrow();
        await decideExtension(supervise, ext.id, {
          version: await version(at("late", 0)),
          decision: "approve",
          reason: null,
        });
      }
      if (day === "2026-11-18") await closeOut("late", 0, "request");
      if (day === "2026-11-20") await closeOut("late", 0, "approve");
      // late#1: past its 30 September deadline, asks to close on 12 October, closed on the 14th.
      if (day === "2026-10-12") await closeOut("late", 1, "request");
      if (day === "2026-10-14") await closeOut("late", 1, "approve");
      if (dom === 28 && month % 2 === 1)
        for (const id of assignments.late ?? []) await reportProgress("late", id, month * 7);

      clock.set(`${day}T${TICK_TIMES[i % TICK_TIMES.length]}`);
      const results = await Promise.all(schedulers.map((s) => s.tick()));
      for (const r of results)
        if (r.errors.length > 0) throw new Error(`${day}: ${JSON.stringify(r.errors)}`);
      for (const [key, n] of SNAPSHOTS[day] ?? []) await snapshot(day, key, n);
      // The second quarter, scored the day after it ended.
      if (day === "2026-07-01") scores.q2 = await computeScores(supervise, { regionId, period: "2026-Q2" });
    }
    // Whatever the last night left waiting goes out next morning.
    clock.set(`${addDays(LAST_DAY, 1)}T09:00:00`);
    await deliverDue({ db, actor: null, now: clock.now }, { worker: "final", senders, baseUrl: "" });
    scores.year = await computeScores(supervise, { regionId, period: "2026" });
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

  it("stores the colour and status code computed by hand on the chosen days", () => {
    // Tolerance 10 points, blueDays 7 (DEFAULT_RULES); 序时进度 = calendar days since 5 January / days to deadline.
    expect(Object.fromEntries(colours)).toEqual({
      // 7 of 176 days to 30 June = 4%: nothing reported (0) is within 10 points; 169 days left → green.
      "2026-01-12 silent#0": "green on_track null",
      // 8 of 85 days to 31 March = 9%: 0 is not more than 10 behind → green.
      "2026-01-13 hand#0": "green on_track null",
      // 9 of 85 = 11%: 0 < 11 − 10 → yellow: the first day the department that never reports lags.
      "2026-01-14 hand#0": "yellow behind null",
      // 64 of 268 days to 30 September = 24%; January's 7% < 24 − 10 → yellow.
      "2026-03-10 late#0": "yellow behind 7",
      // March's 24% returned: February's 16% counts again; 77 of 360 days = 21%, 16 ≥ 11 → green.
      "2026-03-23 good#1": "green on_track 16",
      // 31 March (a Tuesday) has passed, not closed → red.
      "2026-04-01 hand#0": "red overdue null",
      // 销号 on the 16th → done; the accepted closure report is 100%.
      "2026-06-16 good#0": "done closed 100",
      // Never signed for, 30 June passed → red.
      "2026-07-01 silent#0": "red overdue null",
      // Deadline now 30 November: 260 of 329 days = 79%; July's 49% < 69 → yellow (an extension is no amnesty).
      "2026-09-22 late#0": "yellow behind 49",
      // Awaiting closure approval keeps its deadline's colour: 30 September passed → red.
      "2026-10-13 late#1": "red overdue 100",
      // 31 December is 8 days away (> blueDays 7); December's 96% vs 352/360 = 98% → green.
      "2026-12-23 good#1": "green on_track 96",
      // 7 days away ≤ blueDays 7 → blue; 96 ≥ 98 − 10 so not yellow.
      "2026-12-24 good#1": "blue due_soon 96",
    });
  });

  const scoreTable = (s: Scores | undefined) => {
    const key = new Map<string, string>();
    for (const [k, ids] of Object.entries(assignments))
      for (const [i, id] of ids.entries()) key.set(id, `${k}#${i}`);
    return (s?.departments ?? []).map((d) => ({
      name: d.department.name,
      score: d.score,
      rank: d.rank,
      counts: [d.assigned, d.closed, d.overdue],
      lines: d.lines.map((l) => `${key.get(l.assignmentId)} ${l.rule} ${l.points}`).sort(),
    }));
  };

  it("scores the second quarter as computed by hand from DEFAULT_RUBRIC", () => {
    expect(scores.q2?.rubric.source).toBe("default");
    expect(scores.q2?.asOf).toBe("2026-06-30");
    expect(scoreTable(scores.q2)).toEqual([
      {
        // good#0 closed 16 June, deadline 31 December: on time +2, 198 days early (≥ 15) +1, rated 优秀 +2.
        // (March's returned report is in Q1.) 100 + 5 = 105.
        name: "发展改革委",
        score: 105,
        rank: 1,
        counts: [2, 1, 0],
        lines: ["good#0 closedEarly 1", "good#0 closedOnTime 2", "good#0 quality 2"],
      },
      // Nothing happened in Q2 to either: late sign-off was in January, 30 June is not yet past on the 30th.
      // Equal scores share rank 2 and are listed by name.
      { name: "经济和信息化厅", score: 100, rank: 2, counts: [2, 0, 0], lines: [] },
      { name: "住房城乡建设厅", score: 100, rank: 2, counts: [2, 0, 0], lines: [] },
      {
        // Late from 1 April: 2 per item (its first late day is in Q2) + 0.2 × 91 days = 20.2, capped at 10.
        name: "交通运输厅",
        score: 90,
        rank: 4,
        counts: [1, 0, 1],
        lines: ["hand#0 late -10"],
      },
    ]);
  });

  it("scores the year as computed by hand from DEFAULT_RUBRIC", () => {
    expect(scores.year?.asOf).toBe("2026-12-31");
    expect(scoreTable(scores.year)).toEqual([
      {
        // Q2's +5, and good#1's March report returned −1: 104.
        name: "发展改革委",
        score: 104,
        rank: 1,
        counts: [2, 1, 0],
        lines: [
          "good#0 closedEarly 1",
          "good#0 closedOnTime 2",
          "good#0 quality 2",
          "good#1 returnedProgress -1",
        ],
      },
      {
        // Both signed on the 10th, due the 8th: −1 each. late#0: extension approved −0.5, closed 20 November
        // within the new 30 November deadline +2 (10 days early < 15, no bonus). late#1: closed 14 October,
        // 14 days after 30 September: −(2 + 0.2 × 14) = −4.8. 100 − 1 − 1 − 0.5 + 2 − 4.8 = 94.7.
        name: "经济和信息化厅",
        score: 94.7,
        rank: 2,
        counts: [2, 2, 0],
        lines: [
          "late#0 closedOnTime 2",
          "late#0 extensionApproved -0.5",
          "late#0 notSignedOff -1",
          "late#1 late -4.8",
          "late#1 notSignedOff -1",
        ],
      },
      // Overdue 1 April – 31 December: 2 + 0.2 × 275 capped at 10.
      { name: "交通运输厅", score: 90, rank: 3, counts: [1, 0, 1], lines: ["hand#0 late -10"] },
      {
        // Never signed −1 each; overdue 1 July – 31 December: 2 + 0.2 × 184 capped at 10 each. 100 − 22 = 78.
        name: "住房城乡建设厅",
        score: 78,
        rank: 4,
        counts: [2, 0, 2],
        lines: [
          "silent#0 late -10",
          "silent#0 notSignedOff -1",
          "silent#1 late -10",
          "silent#1 notSignedOff -1",
        ],
      },
    ]);
  });
});
