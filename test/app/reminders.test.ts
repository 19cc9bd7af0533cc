import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assignTask } from "../../src/app/assignments/assignments.js";
import { makeSenders, type Senders } from "../../src/app/reminders/channels/index.js";
import { deliverDue } from "../../src/app/reminders/deliverDue.js";
import { planReminders } from "../../src/app/reminders/planReminders.js";
import { acknowledgeAssignment } from "../../src/app/supervision/signoff.js";
import { openDatabase } from "../../src/db/database.js";
import { newId } from "../../src/db/ids.js";
import { createScheduler } from "../../src/server/scheduler.js";
import { DIALECTS, type TestDb } from "../support/db.js";
import {
  addDepartment,
  addPerson,
  FakeClock,
  ledgerWithSample,
  type Reminded,
  setHead,
  sh,
  startSmtp,
  startWebhook,
  systemCtx,
} from "./reminders.support.js";

const BASE = "https://duban.example.gov.cn";

describe.each(DIALECTS)("reminders outbox and delivery on %s", (dialect) => {
  let world: Reminded;
  let db: TestDb;
  let clock: FakeClock;
  let dept: string;
  let clerkWithMail: string;
  let clerk: string;
  let head: string;
  let assignmentId: string;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    world = await ledgerWithSample(dialect);
    db = world.db;
    // Monday 2 March 2026: 签收 due three working days later, Thursday the 5th.
    clock = new FakeClock("2026-03-02T10:00:00");
    dept = await addDepartment(db, world.regionId, "住建局");
    clerkWithMail = await addPerson(db, "department", {
      departmentId: dept,
      email: "clerk@zjj.example.gov.cn",
      name: "张三",
    });
    clerk = await addPerson(db, "department", { departmentId: dept, name: "李四" });
    head = await addPerson(db, "department", {
      departmentId: dept,
      email: "head@zjj.example.gov.cn",
      name: "王局长",
    });
    await setHead(db, dept, head);
    const a = await assignTask(systemCtx(db, clock), world.taskIds[0] as string, {
      leadDepartmentId: dept,
      coDepartmentIds: [],
      deadline: "2026-03-31",
    });
    assignmentId = a.id;
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await world.close();
  });

  const senders = (over: Partial<Senders> = {}): Senders => ({ ...makeSenders({}), ...over });
  const deliver = (s: Senders, extra: Record<string, unknown> = {}) =>
    deliverDue(systemCtx(db, clock), { worker: "w1", senders: s, baseUrl: BASE, ...extra });
  const reminders = () => db.kysely.selectFrom("reminders").selectAll().orderBy("dedupe_key").execute();
  const deliveriesOf = (reminderId: string) =>
    db.kysely
      .selectFrom("deliveries")
      .selectAll()
      .where("reminder_id", "=", reminderId)
      .orderBy("at")
      .orderBy("id")
      .execute();

  async function addChannel(
    kind: "dingtalk" | "wecom" | "email",
    target: string,
    secret: string | null = null,
  ) {
    const id = newId();
    const now = new Date().toISOString();
    await db.kysely
      .insertInto("notification_channels")
      .values({
        id,
        region_id: world.regionId,
        department_id: dept,
        name: kind,
        kind,
        target,
        secret,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  it("plans a reminder once however often it is planned, and writes each in-app message once", async () => {
    expect(
      await db.kysely
        .selectFrom("assignments")
        .select("ack_due_date")
        .where("id", "=", assignmentId)
        .executeTakeFirst(),
    ).toEqual({ ack_due_date: "2026-03-05" });
    clock.set("2026-03-03T10:00:00");
    expect((await planReminders(systemCtx(db, clock), { email: false })).inserted).toBe(0);
    clock.set("2026-03-04T09:00:00");
    const first = await planReminders(systemCtx(db, clock), { email: false });
    expect(first.inserted).toBe(3);
    expect((await planReminders(systemCtx(db, clock), { email: false })).inserted).toBe(0);
    expect((await reminders()).map((r) => r.dedupe_key)).toEqual(
      [clerkWithMail, clerk, head].map((u) => `ack_before:${assignmentId}:2026-03-05:1:u:${u}:inapp`).sort(),
    );
    const sent = await deliver(senders());
    expect(sent).toEqual({ attempted: 3, sent: 3, failed: 0, dead: 0, deferred: 0 });
    expect((await deliver(senders())).attempted).toBe(0);
    const notes = await db.kysely.selectFrom("notifications").selectAll().orderBy("user_id").execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([clerkWithMail, clerk, head].sort());
    const task = await db.kysely
      .selectFrom("tasks")
      .select("text")
      .where("id", "=", world.taskIds[0] as string)
      .executeTakeFirstOrThrow();
    expect(notes[0]?.title.startsWith("【签收提醒】")).toBe(true);
    expect(notes[0]?.body).toContain("请于2026年3月5日前签收");
    expect(notes[0]?.body).toContain(task.text.slice(0, 10));
    expect(notes[0]?.link).toBe(`/assignments/${assignmentId}`);
    // The next day plans the same occasion again: nothing new.
    clock.set("2026-03-05T09:00:00");
    expect((await planReminders(systemCtx(db, clock), { email: false })).inserted).toBe(0);
  });

  it("retries a failing webhook with exponential backoff, logs every attempt, and gives up after N", async () => {
    const hook = await startWebhook();
    closers.push(hook.close);
    const channel = await addChannel("wecom", hook.url);
    clock.set("2026-03-04T09:00:00");
    await planReminders(systemCtx(db, clock), { email: false });
    const [row] = (await reminders()).filter((r) => r.channel_id === channel);
    if (!row) throw new Error("no channel reminder planned");
    expect(row.dedupe_key).toBe(`ack_before:${assignmentId}:2026-03-05:1:c:${channel}`);

    hook.script.push(500);
    const opts = { backoffMs: 60_000, maxAttempts: 3 };
    expect(await deliver(senders(), opts)).toMatchObject({ attempted: 4, sent: 3, failed: 1 });
    let now = clock.now().getTime();
    let r = await db.kysely
      .selectFrom("reminders")
      .selectAll()
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({ status: "pending", attempts: 1, locked_by: null });
    expect(new Date(r.next_attempt_at).getTime() - now).toBe(60_000);
    expect(r.last_error).toContain("HTTP 500");
    // Not before the backoff has run.
    clock.advance(59_000);
    expect((await deliver(senders(), opts)).attempted).toBe(0);
    clock.advance(1_000);
    expect(await deliver(senders(), opts)).toEqual({
      attempted: 1,
      sent: 1,
      failed: 0,
      dead: 0,
      deferred: 0,
    });
    const log = await deliveriesOf(row.id);
    expect(log.map((d) => [d.ok, d.response_code])).toEqual([
      [0, 500],
      [1, 200],
    ]);
    expect(hook.requests).toHaveLength(2);
    expect(hook.requests[1]?.body).toMatchObject({ msgtype: "markdown" });
    expect(
      (hook.requests[1]?.body as { markdown: { content: string } } | undefined)?.markdown.content ?? "",
    ).toContain(`${BASE}/assignments/${assignmentId}`);

    // A channel that never answers well: attempts at t, t+1 min, t+3 min (60 s, then 120 s), then dead.
    clock.set("2026-03-06T09:00:00");
    hook.script.push(500, 500, 500, 500);
    await planReminders(systemCtx(db, clock), { email: false });
    const missed = (await reminders()).find((x) => x.channel_id === channel && x.kind === "ack_missed");
    if (!missed) throw new Error("no ack_missed reminder");
    now = clock.now().getTime();
    await deliver(senders(), opts);
    clock.advance(60_000);
    expect((await deliver(senders(), opts)).failed).toBe(1);
    r = await db.kysely
      .selectFrom("reminders")
      .selectAll()
      .where("id", "=", missed.id)
      .executeTakeFirstOrThrow();
    expect(new Date(r.next_attempt_at).getTime() - clock.now().getTime()).toBe(120_000);
    clock.advance(120_000);
    expect((await deliver(senders(), opts)).dead).toBe(1);
    r = await db.kysely
      .selectFrom("reminders")
      .selectAll()
      .where("id", "=", missed.id)
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({ status: "dead", attempts: 3 });
    const attempts = await deliveriesOf(missed.id);
    expect(attempts.map((d) => new Date(d.at).getTime() - now)).toEqual([0, 60_000, 180_000]);
    expect(attempts.every((d) => d.ok === 0 && d.response_code === 500)).toBe(true);
    clock.advance(3_600_000);
    expect((await deliver(senders(), opts)).attempted).toBe(0);
  });

  it("e-mails the reminder through SMTP with the rendered subject and body", async () => {
    const smtp = await startSmtp();
    closers.push(smtp.close);
    const mail = makeSenders({ smtpUrl: smtp.url, mailFrom: "督办系统 <duban@example.gov.cn>" });
    closers.push(async () => mail.email?.close?.());
    clock.set("2026-03-04T09:00:00");
    const plan = await planReminders(systemCtx(db, clock), { email: true });
    expect(plan.inserted).toBe(5);
    expect(await deliver(mail)).toEqual({ attempted: 5, sent: 5, failed: 0, dead: 0, deferred: 0 });
    const task = await db.kysely
      .selectFrom("tasks")
      .select("text")
      .where("id", "=", world.taskIds[0] as string)
      .executeTakeFirstOrThrow();
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([
      "clerk@zjj.example.gov.cn",
      "head@zjj.example.gov.cn",
    ]);
    const m = smtp.mails.find((x) => x.to[0] === "clerk@zjj.example.gov.cn");
    expect(m?.from).toBe("duban@example.gov.cn");
    const subject = `【签收提醒】${task.text}`;
    expect(m?.subject).toBe(subject.length > 120 ? `${subject.slice(0, 119)}…` : subject);
    expect(m?.text).toBe(
      `住建局：交办任务“${task.text}”请于2026年3月5日前签收。\n查看：${BASE}/assignments/${assignmentId}`,
    );
    const emailed = (await reminders()).filter((r) => r.channel === "email");
    for (const r of emailed)
      expect((await deliveriesOf(r.id)).map((d) => [d.ok, d.response_code])).toEqual([[1, 250]]);
  });

  it("signs DingTalk calls; a wrong secret is refused by the robot and logged as a failure", async () => {
    const hook = await startWebhook({ secret: "SECabc123" });
    closers.push(hook.close);
    const good = await addChannel("dingtalk", hook.url, "SECabc123");
    const bad = await addChannel("dingtalk", hook.url, "SECwrong");
    clock.set("2026-03-04T09:00:00");
    await planReminders(systemCtx(db, clock), { email: false });
    const result = await deliver(senders(), { maxAttempts: 1 });
    expect(result).toMatchObject({ attempted: 5, sent: 4, dead: 1 });
    expect(hook.requests.map((r) => r.signOk).sort()).toEqual([false, true]);
    const byChannel = async (id: string) => {
      const r = (await reminders()).find((x) => x.channel_id === id);
      return r ? deliveriesOf(r.id) : [];
    };
    expect((await byChannel(good)).map((d) => d.ok)).toEqual([1]);
    const failed = await byChannel(bad);
    expect(failed.map((d) => [d.ok, d.response_code])).toEqual([[0, 200]]);
    expect(failed[0]?.error).toContain("310000");
    const sentBody = hook.requests.find((r) => r.signOk)?.body as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(sentBody.msgtype).toBe("markdown");
    expect(sentBody.markdown.title.startsWith("【签收提醒】")).toBe(true);
  });

  it("holds reminders planned in quiet hours until 08:00 Asia/Shanghai", async () => {
    clock.set("2026-03-04T06:30:00");
    await planReminders(systemCtx(db, clock), { email: false });
    const rows = await reminders();
    expect(rows.length).toBe(3);
    for (const r of rows) expect(r.not_before).toBe(sh("2026-03-04T08:00:00").toISOString());
    expect((await deliver(senders())).attempted).toBe(0);
    clock.set("2026-03-04T07:59:59");
    expect((await deliver(senders())).attempted).toBe(0);
    clock.set("2026-03-04T08:00:00");
    expect((await deliver(senders())).sent).toBe(3);
  });

  it("a retry that comes due in quiet hours waits for the morning too", async () => {
    const hook = await startWebhook();
    closers.push(hook.close);
    const channel = await addChannel("wecom", hook.url);
    hook.script.push(500);
    clock.set("2026-03-04T21:59:00");
    await planReminders(systemCtx(db, clock), { email: false });
    expect(await deliver(senders())).toMatchObject({ sent: 3, failed: 1 });
    clock.set("2026-03-04T22:00:00");
    expect(await deliver(senders())).toMatchObject({ attempted: 0, deferred: 1 });
    const r = (await reminders()).find((x) => x.channel_id === channel);
    expect(r).toMatchObject({ status: "pending", attempts: 1, locked_by: null });
    expect(r?.next_attempt_at).toBe(sh("2026-03-05T08:00:00").toISOString());
    clock.set("2026-03-05T07:59:00");
    expect(await deliver(senders())).toMatchObject({ attempted: 0, deferred: 0 });
    clock.set("2026-03-05T08:00:00");
    expect(await deliver(senders())).toMatchObject({ attempted: 1, sent: 1 });
    expect(hook.requests).toHaveLength(2);
  });

  it("escalates on the right days with history and audit, using a region's own template wording", async () => {
    clock.set("2026-03-03T09:00:00");
    const actor = {
      id: clerk,
      username: clerk,
      role: "department" as const,
      regionId: null,
      regionIds: null,
      departmentId: dept,
    };
    const v = await db.kysely
      .selectFrom("assignments")
      .select("version")
      .where("id", "=", assignmentId)
      .executeTakeFirstOrThrow();
    await acknowledgeAssignment({ db, actor, now: clock.now }, assignmentId, { version: v.version });
    await db.kysely
      .insertInto("notification_templates")
      .values({
        id: newId(),
        key: "escalate",
        region_id: world.regionId,
        subject: "【催办】{{部门}}",
        body: "{{收件人}}同志：{{任务}}已超期{{天数}}天，期限{{期限}}。",
        updated_at: new Date().toISOString(),
      })
      .execute();
    const level = async () =>
      (
        await db.kysely
          .selectFrom("assignments")
          .select("escalation_level")
          .where("id", "=", assignmentId)
          .executeTakeFirstOrThrow()
      ).escalation_level;
    for (const [day, expected] of [
      ["2026-04-01", 0],
      ["2026-04-02", 0],
      ["2026-04-03", 1],
      ["2026-04-06", 1],
      ["2026-04-07", 2],
      ["2026-04-08", 2],
    ] as const) {
      clock.set(`${day}T10:00:00`);
      await planReminders(systemCtx(db, clock), { email: false });
      expect([day, await level()]).toEqual([day, expected]);
    }
    const events = await db.kysely
      .selectFrom("assignment_events")
      .select(["action", "from_state", "to_state", "at"])
      .where("assignment_id", "=", assignmentId)
      .where("action", "in", ["escalate", "red_list"])
      .orderBy("at")
      .execute();
    expect(events).toEqual([
      { action: "escalate", from_state: "0", to_state: "1", at: sh("2026-04-03T10:00:00").toISOString() },
      { action: "red_list", from_state: "1", to_state: "2", at: sh("2026-04-07T10:00:00").toISOString() },
    ]);
    const audits = await db.kysely
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", assignmentId)
      .where("action", "like", "assignment.%")
      .execute();
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(["assignment.escalate", "assignment.red_list"]),
    );
    await deliver(senders());
    const toHead = await db.kysely
      .selectFrom("notifications")
      .selectAll()
      .where("user_id", "=", head)
      .orderBy("id")
      .execute();
    const cuiban = toHead.find((n) => n.title.startsWith("【催办】"));
    expect(cuiban).toMatchObject({ title: "【催办】住建局" });
    expect(cuiban?.body).toMatch(/^王局长同志：.+已超期3天，期限2026年3月底。$/);
    expect(toHead.some((n) => n.title.startsWith("【列入红榜】"))).toBe(true);
  });

  // PostgreSQL: two connection pools, as two servers would have. SQLite is served by one process, whose
  // requests and ticks share one handle: two schedulers there share it (two handles in one process would
  // block each other's event loop on the write lock).
  it("two schedulers on one database, ticking at once, send every reminder exactly once", async () => {
    const hook = await startWebhook();
    closers.push(hook.close);
    await addChannel("wecom", hook.url);
    const other = db.dialect === "postgres" ? await openDatabase({ dialect: "postgres", url: db.url }) : db;
    if (other !== db) closers.push(() => other.close());
    const make = (handle: typeof db | typeof other, worker: string) =>
      createScheduler({
        db: handle,
        senders: senders(),
        now: clock.now,
        intervalMs: 60_000,
        worker,
        baseUrl: BASE,
      });
    const a = make(db, "A");
    const b = make(other, "B");
    for (const day of ["2026-03-04", "2026-03-05", "2026-03-06", "2026-04-01", "2026-04-03"]) {
      clock.set(`${day}T09:00:00`);
      const results = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      for (const r of results) expect(r.errors).toEqual([]);
    }
    const rows = await reminders();
    expect(rows.length).toBeGreaterThan(8);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    const okDeliveries = await db.kysely
      .selectFrom("deliveries")
      .select("reminder_id")
      .where("ok", "=", 1)
      .execute();
    expect(okDeliveries.length).toBe(rows.length);
    expect(new Set(okDeliveries.map((d) => d.reminder_id)).size).toBe(rows.length);
    expect(hook.requests.length).toBe(rows.filter((r) => r.channel === "wecom").length);
    const inapp = rows.filter((r) => r.channel === "inapp").length;
    expect(
      Number(
        (
          await db.kysely
            .selectFrom("notifications")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(inapp);
    await Promise.all([a.stop(), b.stop()]);
  });
});
