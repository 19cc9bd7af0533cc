import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { assignTask } from "../../src/app/assignments/assignments.js";
import { makeSenders } from "../../src/app/reminders/channels/index.js";
import { deliverDue } from "../../src/app/reminders/deliverDue.js";
import { planReminders } from "../../src/app/reminders/planReminders.js";
import { newId } from "../../src/db/ids.js";
import { FakeClock, startWebhook, type Webhook } from "../app/reminders.support.js";
import { DIALECTS } from "../support/db.js";
import { addUser, as, auditOf, setupWorld, type TestUser, type World } from "./supervision.support.js";

describe.each(DIALECTS)("notifications, channels, templates and the delivery log API on %s", (dialect) => {
  let w: World;
  let hook: Webhook;
  let admin: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let clerk: TestUser;
  let clerk2: TestUser;
  let department: string;

  beforeAll(async () => {
    w = await setupWorld(dialect);
    hook = await startWebhook({ secret: "SECsign" });
    admin = await addUser(w.db, "admin");
    supervisor = await addUser(w.db, "supervisor", { regionId: w.regionId });
    otherSupervisor = await addUser(w.db, "supervisor", { regionId: w.otherRegionId });
    department = (
      await as(w.app, admin)("POST", "/departments", { regionId: w.regionId, name: "县住建局" })
    ).json().id as string;
    clerk = await addUser(w.db, "department", { departmentId: department });
    clerk2 = await addUser(w.db, "department", { departmentId: department });
  });
  afterAll(async () => {
    await hook?.close();
    await w?.close();
  });

  it("lists my notifications only, counts the unread, marks one or all read", async () => {
    const at = new Date().toISOString();
    const note = (userId: string, title: string) => ({
      id: newId(),
      user_id: userId,
      reminder_id: null,
      title,
      body: `${title}正文`,
      link: "/assignments/x",
      created_at: at,
      read_at: null,
    });
    const mine = [note(clerk.id, "一"), note(clerk.id, "二")];
    await w.db.kysely
      .insertInto("notifications")
      .values([...mine, note(clerk2.id, "别人的")])
      .execute();
    const me = as(w.app, clerk);
    const list = (await me("GET", "/notifications")).json();
    expect(list.items.map((n: { title: string }) => n.title).sort()).toEqual(["一", "二"]);
    expect((await me("GET", "/notifications/unread-count")).json()).toEqual({ unread: 2 });
    // Someone else's message is not there for me.
    expect((await as(w.app, clerk2)("POST", `/notifications/${mine[0]?.id}/read`)).statusCode).toBe(404);
    const read = await me("POST", `/notifications/${mine[0]?.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await me("GET", "/notifications/unread-count")).json()).toEqual({ unread: 1 });
    expect(
      (await me("GET", "/notifications?unread=true")).json().items.map((n: { title: string }) => n.title),
    ).toEqual(["二"]);
    expect((await me("POST", "/notifications/read-all")).json()).toEqual({ marked: 1 });
    expect((await me("GET", "/notifications/unread-count")).json()).toEqual({ unread: 0 });
    expect((await as(w.app, clerk2)("GET", "/notifications/unread-count")).json()).toEqual({ unread: 1 });
    expect((await as(w.app, null)("GET", "/notifications")).statusCode).toBe(401);
  });

  it("manages channels within the region, never returns the secret, and tests one live", async () => {
    const sup = as(w.app, supervisor);
    const created = await sup("POST", "/notification-channels", {
      departmentId: department,
      name: "住建局钉钉群",
      kind: "dingtalk",
      target: hook.url,
      secret: "SECsign",
    });
    expect(created.statusCode).toBe(201);
    const ch = created.json();
    expect(ch).toMatchObject({
      regionId: w.regionId,
      departmentId: department,
      hasSecret: true,
      enabled: true,
      version: 1,
    });
    expect(JSON.stringify(ch)).not.toContain("SECsign");
    expect(
      (await sup("GET", "/notification-channels")).json().items.map((c: { id: string }) => c.id),
    ).toContain(ch.id);

    const test = await sup("POST", `/notification-channels/${ch.id}/test`);
    expect(test.json()).toEqual({ ok: true, responseCode: 200, error: null });
    expect(hook.requests.at(-1)?.signOk).toBe(true);

    const other = as(w.app, otherSupervisor);
    expect((await other("GET", "/notification-channels")).json().items).toEqual([]);
    expect(
      (await other("PATCH", `/notification-channels/${ch.id}`, { version: 1, enabled: false })).statusCode,
    ).toBe(403);
    expect((await as(w.app, clerk)("GET", "/notification-channels")).statusCode).toBe(403);
    expect(
      (
        await sup("POST", "/notification-channels", {
          name: "全国",
          kind: "wecom",
          target: "https://qyapi.example/x",
        })
      ).statusCode,
    ).toBe(403);
    const nationwide = await as(w.app, admin)("POST", "/notification-channels", {
      name: "全国",
      kind: "wecom",
      target: "https://qyapi.example/x",
    });
    expect(nationwide.statusCode).toBe(201);
    expect(nationwide.json().regionId).toBeNull();
    expect(
      (await as(w.app, admin)("DELETE", `/notification-channels/${nationwide.json().id}`)).statusCode,
    ).toBe(204);
    expect(
      (
        await sup("POST", "/notification-channels", {
          regionId: w.regionId,
          name: "邮箱",
          kind: "email",
          target: "not-an-address",
        })
      ).statusCode,
    ).toBe(400);

    const off = await sup("PATCH", `/notification-channels/${ch.id}`, {
      version: 1,
      enabled: false,
      secret: null,
    });
    expect(off.json()).toMatchObject({ enabled: false, hasSecret: false, version: 2 });
    expect(
      (await sup("PATCH", `/notification-channels/${ch.id}`, { version: 1, name: "旧" })).statusCode,
    ).toBe(409);
    const audit = await auditOf(w.db, "channel", ch.id);
    expect(audit.map((a) => a.action)).toEqual(["channel.create", "channel.update"]);
    expect(audit.map((a) => `${a.before ?? ""}${a.after ?? ""}`).join("")).not.toContain("SECsign");
    expect((await sup("DELETE", `/notification-channels/${ch.id}?version=2`)).statusCode).toBe(204);
  });

  it("lets admins word the defaults and supervisors their region's own templates", async () => {
    const sup = as(w.app, supervisor);
    const list = (await sup("GET", "/notification-templates")).json().items as Array<{
      id: string;
      key: string;
      regionId: string | null;
      version: number;
    }>;
    expect(
      list
        .filter((t) => t.regionId === null)
        .map((t) => t.key)
        .sort(),
    ).toEqual([
      "ack_before",
      "ack_missed",
      "deadline_before",
      "deadline_missed",
      "escalate",
      "red_list",
      "report_before",
      "report_missed",
    ]);
    const def = list.find((t) => t.key === "escalate") as { id: string; version: number };
    expect(
      (await sup("PATCH", `/notification-templates/${def.id}`, { version: def.version, subject: "改" }))
        .statusCode,
    ).toBe(403);
    const edited = await as(w.app, admin)("PATCH", `/notification-templates/${def.id}`, {
      version: def.version,
      subject: "【催办通知】{{任务}}",
    });
    expect(edited.json()).toMatchObject({ subject: "【催办通知】{{任务}}", version: def.version + 1 });
    const bad = await sup("POST", "/notification-templates", {
      key: "escalate",
      regionId: w.regionId,
      subject: "{{任务名}}",
      body: "正文",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.messageZh).toContain("{{任务名}}");
    const own = await sup("POST", "/notification-templates", {
      key: "escalate",
      regionId: w.regionId,
      subject: "【县催办】{{任务}}",
      body: "{{收件人}}：{{任务}}超期{{天数}}天。",
    });
    expect(own.statusCode).toBe(201);
    expect(
      (
        await sup("POST", "/notification-templates", {
          key: "escalate",
          regionId: w.regionId,
          subject: "重复",
          body: "重复",
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await as(w.app, otherSupervisor)("POST", "/notification-templates", {
          key: "escalate",
          regionId: w.regionId,
          subject: "越权",
          body: "越权",
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await as(w.app, otherSupervisor)("GET", "/notification-templates"))
        .json()
        .items.some((t: { id: string }) => t.id === own.json().id),
    ).toBe(false);
    expect((await as(w.app, admin)("DELETE", `/notification-templates/${def.id}`)).statusCode).toBe(409);
    expect((await sup("DELETE", `/notification-templates/${own.json().id}`)).statusCode).toBe(204);
  });

  it("shows the outbox and the delivery log to the region's supervisors, and requeues a dead reminder", async () => {
    const clock = new FakeClock("2026-03-02T10:00:00");
    const ctx = { db: w.db, actor: SYSTEM_ACTOR, now: clock.now };
    const a = await assignTask(ctx, w.taskIds[0] as string, {
      leadDepartmentId: department,
      coDepartmentIds: [],
      deadline: "2026-03-31",
    });
    const now = new Date().toISOString();
    await w.db.kysely
      .insertInto("notification_channels")
      .values({
        id: "ch-broken",
        region_id: w.regionId,
        department_id: department,
        name: "坏掉的机器人",
        kind: "wecom",
        target: hook.url,
        created_at: now,
        updated_at: now,
      })
      .execute();
    clock.set("2026-03-04T09:00:00");
    await planReminders(ctx, { email: false });
    hook.script.push(500);
    await deliverDue(ctx, { worker: "t", senders: makeSenders({}), baseUrl: "", maxAttempts: 1 });

    const sup = as(w.app, supervisor);
    const dead = (await sup("GET", "/reminders?status=dead")).json().items;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ assignmentId: a.id, channel: "wecom", kind: "ack_before", attempts: 1 });
    expect((await sup("GET", "/reminders?status=sent")).json().items).toHaveLength(2);
    const failed = (await sup("GET", `/deliveries?ok=false&reminderId=${dead[0].id}`)).json().items;
    expect(failed).toEqual([expect.objectContaining({ ok: false, responseCode: 500, channel: "wecom" })]);
    expect((await as(w.app, otherSupervisor)("GET", "/reminders")).json().items).toEqual([]);
    expect((await as(w.app, otherSupervisor)("GET", "/deliveries")).json().items).toEqual([]);
    expect((await as(w.app, otherSupervisor)("POST", `/reminders/${dead[0].id}/retry`)).statusCode).toBe(403);
    expect((await as(w.app, clerk)("GET", "/deliveries")).statusCode).toBe(403);

    const retry = await sup("POST", `/reminders/${dead[0].id}/retry`);
    expect(retry.json()).toEqual({ id: dead[0].id, status: "pending" });
    expect((await sup("POST", `/reminders/${dead[0].id}/retry`)).statusCode).toBe(409);
    expect((await auditOf(w.db, "reminder", dead[0].id)).map((x) => x.action)).toEqual(["reminder.retry"]);
  });
});
