import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveActor, SYSTEM_ACTOR } from "../../src/app/actor.js";
import { assignTask } from "../../src/app/assignments/assignments.js";
import { type AppContext, systemContext } from "../../src/app/context.js";
import { createDepartment } from "../../src/app/departments/departments.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { createUser } from "../../src/app/users/createUser.js";
import { addDays, shanghaiDay } from "../../src/core/calendar/index.js";
import { SAMPLE_PATH, seriousViolations, signIn, startWebEnv, type WebEnv } from "./web.support.js";

/**
 * The 督办 cycle in a browser: a department signs off an assignment, reports, has the report returned by the
 * supervisor, reports again, asks to close it and the supervisor closes it; an extension is asked for and
 * approved. Each role sees only its own buttons: another department cannot open the assignment, a viewer
 * sees no action. The new pages and dialogs are scanned with axe.
 */

const PASSWORD = "correct horse battery";
const USERS = {
  supervisor: "ducha",
  lead: "jiaoyu",
  other: "caizheng",
  viewer: "chakan",
} as const;

/** AntD puts a space between the two characters of a two-character button label. */
const label = (text: string) => new RegExp(text.split("").join("\\s*"));

describe("the 督办 cycle in a browser", { timeout: 90_000 }, () => {
  let env: WebEnv;
  const contexts: BrowserContext[] = [];
  const pages = {} as Record<keyof typeof USERS, Page>;
  const axe: Record<string, string[]> = {};
  let closeId: string;
  let extendId: string;
  let extendDeadline: string;

  async function signedIn(browser: Browser, username: string): Promise<Page> {
    const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, env.base, { username, password: PASSWORD }, null);
    return page;
  }

  const open = async (page: Page, id: string) => {
    await page.goto(`${env.base}/assignments/${encodeURIComponent(id)}`);
    await page.getByTestId("cycle-panel").waitFor();
  };
  const panel = (page: Page) => page.getByTestId("cycle-panel");
  const actions = (page: Page) => panel(page).getByRole("group", { name: "督办操作" });
  const events = (page: Page) =>
    page.getByTestId("cycle-event").evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));
  const dialog = (page: Page) => page.locator(".ant-modal:visible");

  beforeAll(async () => {
    env = await startWebEnv();
    const ctx = systemContext(env.db, SYSTEM_ACTOR);
    const r = await ingestReport(ctx, {
      bytes: readFileSync(SAMPLE_PATH),
      path: "示例县2025年政府工作报告.txt",
    });
    const tasks = await env.db.kysely
      .selectFrom("tasks")
      .select(["id", "region_id"])
      .where("report_id", "=", r.reportId)
      .orderBy("start_pos")
      .execute();
    const regionId = tasks[0]?.region_id as string;
    const edu = await createDepartment(ctx, { regionId, name: "县教育局" });
    const fin = await createDepartment(ctx, { regionId, name: "县财政局" });
    const sup = await createUser(ctx, {
      username: USERS.supervisor,
      password: PASSWORD,
      role: "supervisor",
      regionId,
      displayName: "督查室王科长",
    });
    await createUser(ctx, {
      username: USERS.lead,
      password: PASSWORD,
      role: "department",
      departmentId: edu.id,
      displayName: "教育局李填报",
    });
    await createUser(ctx, {
      username: USERS.other,
      password: PASSWORD,
      role: "department",
      departmentId: fin.id,
      displayName: "财政局赵填报",
    });
    await createUser(ctx, { username: USERS.viewer, password: PASSWORD, role: "viewer", regionId });
    const asSupervisor: AppContext = {
      db: env.db,
      now: () => new Date(),
      actor: await resolveActor(env.db.kysely, {
        id: sup.id,
        username: sup.username,
        role: "supervisor",
        region_id: regionId,
        department_id: null,
      }),
    };
    const today = shanghaiDay(new Date());
    closeId = (
      await assignTask(asSupervisor, tasks[0]?.id as string, {
        leadDepartmentId: edu.id,
        coDepartmentIds: [],
        deadline: addDays(today, 120),
      })
    ).id;
    extendDeadline = addDays(today, 40);
    extendId = (
      await assignTask(asSupervisor, tasks[1]?.id as string, {
        leadDepartmentId: edu.id,
        coDepartmentIds: [],
        deadline: extendDeadline,
      })
    ).id;
    for (const [role, username] of Object.entries(USERS))
      pages[role as keyof typeof USERS] = await signedIn(env.browser, username);
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await env?.close();
  });

  it("lets the lead department sign off and report, and shows the colour in its list", async () => {
    const p = pages.lead;
    await p.goto(`${env.base}/my-tasks`);
    const table = p.getByTestId("my-tasks-table");
    await table.getByTestId("colour-tag").first().waitFor();
    expect(await table.getByTestId("colour-tag").first().textContent()).toMatch(/正常|临期|滞后|超期/);
    axe.myTasks = await seriousViolations(p);

    await open(p, closeId);
    await actions(p)
      .getByRole("button", { name: label("签收") })
      .waitFor();
    expect(
      await actions(p)
        .getByRole("button", { name: label("退回") })
        .count(),
    ).toBe(1);
    expect(await panel(p).textContent()).toContain("未签收");
    axe.assignment = await seriousViolations(p);
    await actions(p)
      .getByRole("button", { name: label("签收") })
      .click();
    await expect.poll(() => panel(p).textContent()).not.toContain("未签收");
    await expect.poll(() => events(p)).toEqual(expect.arrayContaining(["assign", "acknowledge"]));
    expect(
      await actions(p)
        .getByRole("button", { name: label("签收") })
        .count(),
    ).toBe(0);

    const form = p.getByTestId("progress-form");
    await form.getByLabel("完成进度（%）").fill("40");
    await form.getByLabel("进展情况").fill("完成校舍安全排查");
    await form.getByRole("button", { name: /提交进展/ }).click();
    await expect.poll(() => events(p)).toContain("progress");
  });

  it("lets the supervisor return the report with a reason, and the department report again", async () => {
    const s = pages.supervisor;
    await open(s, closeId);
    const pending = s.getByTestId("pending-reviews");
    await pending.waitFor();
    expect(await pending.textContent()).toContain("完成校舍安全排查");
    // the supervisor neither signs off nor asks for closure
    expect(
      await actions(s)
        .getByRole("button", { name: label("签收") })
        .count(),
    ).toBe(0);
    expect(
      await actions(s)
        .getByRole("button", { name: /申请办结/ })
        .count(),
    ).toBe(0);
    axe.supervisor = await seriousViolations(s);
    await pending.getByRole("button", { name: /退回重报/ }).click();
    await dialog(s).getByLabel("理由").waitFor();
    axe.returnDialog = await seriousViolations(s);
    // no reason: the dialog stays open and says why
    await dialog(s)
      .getByRole("button", { name: label("确定") })
      .click();
    await dialog(s).getByText("请填写理由").waitFor();
    await dialog(s).getByLabel("理由").fill("请补充排查清单");
    await dialog(s)
      .getByRole("button", { name: label("确定") })
      .click();
    await expect.poll(() => s.getByTestId("pending-reviews").count()).toBe(0);
    await expect.poll(() => s.getByTestId("cycle-history").textContent()).toContain("请补充排查清单");

    const p = pages.lead;
    await open(p, closeId);
    await expect.poll(() => p.getByTestId("cycle-history").textContent()).toContain("请补充排查清单");
    const form = p.getByTestId("progress-form");
    await form.getByLabel("完成进度（%）").fill("70");
    await form.getByLabel("进展情况").fill("补充排查清单，整改过半");
    await form.getByRole("button", { name: /提交进展/ }).click();
    await expect.poll(async () => (await events(p)).filter((e) => e === "progress").length).toBe(2);
  });

  it("takes a closure request with evidence and lets the supervisor close the assignment", async () => {
    const p = pages.lead;
    await actions(p)
      .getByRole("button", { name: /申请办结/ })
      .click();
    const d = dialog(p);
    await d.getByLabel("办结情况").fill("整改全部完成，已通过验收");
    await d.locator("input[type=file]").setInputFiles({
      name: "验收报告.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4 验收报告"),
    });
    await d.getByText("验收报告.pdf").waitFor();
    axe.closureDialog = await seriousViolations(p);
    await d.getByRole("button", { name: label("确定") }).click();
    await p.getByTestId("closure-pending").waitFor();
    expect(await p.getByTestId("assignment-detail").textContent()).toContain("办结待审");
    // waiting for the decision the department cannot report any more
    expect(await p.getByTestId("progress-form").count()).toBe(0);

    const s = pages.supervisor;
    await open(s, closeId);
    await actions(s)
      .getByRole("button", { name: /办结销号/ })
      .click();
    await expect.poll(() => s.getByTestId("assignment-detail").textContent()).toContain("已办结");
    expect(await panel(s).getByTestId("colour-tag").first().getAttribute("data-colour")).toBe("done");
    await expect
      .poll(() => events(s))
      .toEqual(expect.arrayContaining(["closure_request", "closure_approve"]));
    expect(await actions(s).getByRole("button").count()).toBe(0);
  });

  it("takes an extension request the supervisor approves: the deadline moves", async () => {
    const p = pages.lead;
    await open(p, extendId);
    await actions(p)
      .getByRole("button", { name: label("签收") })
      .click();
    await expect.poll(() => panel(p).textContent()).not.toContain("未签收");
    await actions(p)
      .getByRole("button", { name: /申请延期/ })
      .click();
    const later = addDays(extendDeadline, 30);
    const d = dialog(p);
    await d.getByLabel("申请延至").fill(later);
    await d.getByLabel("理由").fill("受汛期影响施工推迟");
    axe.extensionDialog = await seriousViolations(p);
    await d.getByRole("button", { name: label("确定") }).click();
    await p.getByTestId("pending-extension").waitFor();
    // the department cannot decide its own request
    expect(await p.getByRole("button", { name: /同意延期/ }).count()).toBe(0);

    const s = pages.supervisor;
    await open(s, extendId);
    const pending = s.getByTestId("pending-extension");
    expect(await pending.textContent()).toContain("受汛期影响施工推迟");
    await pending.getByRole("button", { name: /^同意延期$/ }).click();
    await expect.poll(() => s.getByTestId("pending-extension").count()).toBe(0);
    const [y, m, day] = later.split("-").map(Number) as [number, number, number];
    const lastOfMonth = new Date(Date.UTC(y, m, 0)).getUTCDate() === day;
    const shown = lastOfMonth ? `${y}年${m}月底` : `${y}年${m}月${day}日`;
    await expect.poll(() => s.getByTestId("assignment-detail").textContent()).toContain(shown);
    await expect
      .poll(() => events(s))
      .toEqual(expect.arrayContaining(["extension_request", "extension_approve"]));
  });

  it("shows another department nothing and a viewer no buttons", async () => {
    const o = pages.other;
    await o.goto(`${env.base}/assignments/${encodeURIComponent(extendId)}`);
    await o.getByText(/未找到交办事项/).waitFor();
    expect(await o.getByTestId("cycle-panel").count()).toBe(0);

    const v = pages.viewer;
    await open(v, extendId);
    await v.getByTestId("cycle-history").getByTestId("cycle-event").first().waitFor();
    expect(await actions(v).getByRole("button").count()).toBe(0);
    expect(await panel(v).textContent()).toContain("当前无可执行的督办操作");
    expect(await v.getByTestId("progress-form").count()).toBe(0);
    axe.viewer = await seriousViolations(v);
  });

  it("lets the supervisor set the region's rules on /settings/rules", async () => {
    const s = pages.supervisor;
    await s.goto(`${env.base}/settings/rules`);
    const form = s.getByTestId("rules-form");
    await form.waitFor();
    await form.getByLabel("临期提示（距截止天数）").fill("5");
    axe.rules = await seriousViolations(s);
    await form.getByRole("button", { name: /新增规则版本/ }).click();
    await s.getByText("规则已保存").waitFor();
    await expect.poll(() => s.getByTestId("rules-effective").textContent()).toContain("5 天");

    const admin = await signedIn(env.browser, "admin");
    await admin.goto(`${env.base}/settings/rules`);
    await admin.getByTestId("calendar-settings").waitFor();
    await expect.poll(() => admin.getByTestId("calendar-settings").textContent()).toContain("国庆节");
    axe.rulesAdmin = await seriousViolations(admin);
  });

  it("has no serious or critical axe violations on the new pages and dialogs", () => {
    expect(Object.keys(axe).sort()).toEqual(
      [
        "assignment",
        "closureDialog",
        "extensionDialog",
        "myTasks",
        "returnDialog",
        "supervisor",
        "rules",
        "rulesAdmin",
        "viewer",
      ].sort(),
    );
    expect(axe).toEqual(Object.fromEntries(Object.keys(axe).map((k) => [k, []])));
  });
});
