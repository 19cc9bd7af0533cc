import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { assignTask } from "../../src/app/assignments/assignments.js";
import { systemContext } from "../../src/app/context.js";
import { createDepartment } from "../../src/app/departments/departments.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { makeSenders } from "../../src/app/reminders/channels/index.js";
import { deliverDue } from "../../src/app/reminders/deliverDue.js";
import { planReminders } from "../../src/app/reminders/planReminders.js";
import { createUser } from "../../src/app/users/createUser.js";
import { FakeClock, startWebhook, type Webhook } from "../app/reminders.support.js";
import { SAMPLE_PATH, seriousViolations, signIn, startWebEnv, type WebEnv } from "./web.support.js";

/**
 * The notification bell (a department user reads a 签收 reminder and follows it to the task) and 通知设置 (a
 * supervisor adds a DingTalk robot, tests it, reads the templates and the delivery log). Every new view is
 * scanned with axe.
 */
const PASSWORD = "correct horse battery";

describe("notification bell and 通知设置 in a browser", { timeout: 60_000 }, () => {
  let env: WebEnv;
  let hook: Webhook;
  let assignmentId: string;
  const axe: Record<string, string[]> = {};

  beforeAll(async () => {
    env = await startWebEnv();
    hook = await startWebhook({ secret: "SECe2e" });
    const ctx = systemContext(env.db, SYSTEM_ACTOR);
    const r = await ingestReport(ctx, {
      bytes: readFileSync(SAMPLE_PATH),
      path: "示例县2025年政府工作报告.txt",
    });
    const report = await env.db.kysely
      .selectFrom("reports")
      .select("region_id")
      .where("id", "=", r.reportId)
      .executeTakeFirstOrThrow();
    const regionId = report.region_id as string;
    const dept = await createDepartment(ctx, { regionId, name: "县住房和城乡建设局", shortName: "县住建局" });
    await createUser(ctx, {
      username: "duchashi",
      password: PASSWORD,
      role: "supervisor",
      regionId,
      displayName: "督查室王科长",
    });
    await createUser(ctx, {
      username: "zhujianju",
      password: PASSWORD,
      role: "department",
      departmentId: dept.id,
      displayName: "住建局李填报",
    });
    const task = await env.db.kysely
      .selectFrom("tasks")
      .select("id")
      .where("report_id", "=", r.reportId)
      .orderBy("start_pos")
      .executeTakeFirstOrThrow();
    // A week of the cycle on a simulated clock: the 签收 reminder is planned and delivered in-app.
    const clock = new FakeClock("2026-03-02T10:00:00");
    const a = await assignTask({ ...ctx, now: clock.now }, task.id, {
      leadDepartmentId: dept.id,
      coDepartmentIds: [],
      deadline: "2026-03-31",
    });
    assignmentId = a.id;
    clock.set("2026-03-04T09:00:00");
    await planReminders({ ...ctx, now: clock.now }, { email: false });
    await deliverDue({ ...ctx, now: clock.now }, { worker: "e2e", senders: makeSenders({}), baseUrl: "" });
    const notes = await env.db.kysely.selectFrom("notifications").select("title").execute();
    expect(notes.map((n) => n.title.slice(0, 6))).toEqual(["【签收提醒】"]);
  }, 180_000);
  afterAll(async () => {
    await hook?.close();
    await env?.close();
  });

  /** Each user in a browser context of their own (cookies do not leak between them). */
  async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(10_000);
    return { context, page: await context.newPage() };
  }

  it("shows the unread count on the bell, lists the reminder, and opens the task from it", async () => {
    const { context, page } = await freshPage();
    try {
      await signIn(page, env.base, { username: "zhujianju", password: PASSWORD }, null);
      // A quiet page behind the panel, so the scan below judges the panel.
      await page.goto(`${env.base}/password`);
      const bell = page.getByTestId("notification-bell");
      await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 10_000 }).toBe("通知，1 条未读");
      await bell.click();
      const panel = page.getByTestId("notification-panel");
      await panel.getByText("【签收提醒】").first().waitFor();
      expect(await panel.textContent()).toContain("请于2026年3月5日前签收");
      axe.bellPanel = await seriousViolations(page);
      await panel.getByRole("button", { name: "查看任务" }).click();
      await page.waitForURL(`${env.base}/assignments/${encodeURIComponent(assignmentId)}`);
      await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 10_000 }).toBe("通知");
    } finally {
      await context.close();
    }
  });

  it("lets a supervisor add a DingTalk robot with a signing secret and test it", async () => {
    const { context, page } = await freshPage();
    try {
      await signIn(page, env.base, { username: "duchashi", password: PASSWORD }, null);
      await page.getByRole("link", { name: "通知设置" }).click();
      await page.waitForURL(`${env.base}/settings/notifications`);
      await page.getByRole("button", { name: "添加渠道" }).click();
      const dialog = page.getByRole("dialog");
      const region = dialog.getByLabel("地区", { exact: true });
      await region.click();
      await page.locator(".ant-select-dropdown:visible .ant-select-item-option").first().click();
      await dialog.getByLabel("名称", { exact: true }).fill("住建工作群");
      await dialog.getByLabel("地址", { exact: true }).fill(hook.url);
      await dialog.getByLabel("加签密钥", { exact: true }).fill("SECe2e");
      axe.channelDialog = await seriousViolations(page);
      await dialog.getByRole("button", { name: /保\s*存/ }).click();
      const table = page.getByTestId("channels-table");
      await table.getByRole("cell", { name: "住建工作群", exact: true }).waitFor();
      expect(await table.textContent()).toContain("已设置");
      axe.channels = await seriousViolations(page);
      await table.getByRole("button", { name: /发送测试/ }).click();
      await page.getByText("测试消息已发送").waitFor();
      expect(hook.requests.map((r) => r.signOk)).toEqual([true]);
      // The toast fades out before the next scans (axe would judge it mid-fade).
      await page.locator(".ant-message-notice").first().waitFor({ state: "detached", timeout: 10_000 });

      await page.getByRole("tab", { name: "消息模板" }).click();
      const templates = page.getByTestId("templates-table");
      await templates.getByText("【催办单】{{任务}}").waitFor();
      axe.templates = await seriousViolations(page);
      await page.getByRole("button", { name: "为地区添加专用模板" }).click();
      await page.getByRole("dialog").getByLabel("正文", { exact: true }).waitFor();
      axe.templateDialog = await seriousViolations(page);
      await page
        .getByRole("dialog")
        .getByRole("button", { name: /取\s*消/ })
        .click();

      await page.getByRole("tab", { name: "发送记录" }).click();
      const log = page.getByTestId("deliveries-table");
      await log.getByText("站内消息").first().waitFor();
      expect(await log.textContent()).toContain("签收提醒");
      axe.log = await seriousViolations(page);
      await page.getByText("提醒队列").click();
      await page.getByTestId("reminders-table").waitFor();
      axe.outbox = await seriousViolations(page);
    } finally {
      await context.close();
    }
  });

  it("keeps 通知设置 from department users", async () => {
    const { context, page } = await freshPage();
    try {
      await signIn(page, env.base, { username: "zhujianju", password: PASSWORD }, null);
      expect(await page.getByRole("link", { name: "通知设置" }).count()).toBe(0);
      await page.goto(`${env.base}/settings/notifications`);
      await page.getByText("仅管理员和督查室可以管理通知设置").waitFor();
    } finally {
      await context.close();
    }
  });

  it("has no serious or critical accessibility violations on the new views", () => {
    expect(axe).toEqual({
      bellPanel: [],
      channelDialog: [],
      channels: [],
      templates: [],
      templateDialog: [],
      log: [],
      outbox: [],
    });
  });
});
