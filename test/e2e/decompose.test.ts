import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { systemContext } from "../../src/app/context.js";
import { createDepartment } from "../../src/app/departments/departments.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { createUser } from "../../src/app/users/createUser.js";
import { shanghaiDay } from "../../src/core/calendar/index.js";
import { SAMPLE_PATH, seriousViolations, signIn, startWebEnv, type WebEnv } from "./web.support.js";

/**
 * 任务分解 → 我的任务 → 督办看板 end to end: a supervisor-level user assigns tasks (one, then several), exports
 * the 分解表 and imports an edited copy; a department user reports progress on their own tasks; the supervisor
 * sees it on the dashboard. Every new page is scanned with axe.
 */

const PASSWORD = "correct horse battery";
const TASKS = {
  single: "实施制造业提质扩量行动",
  bulk1: "改造老旧小区18个",
  bulk2: "完成县城主干道雨污分流改造8公里",
  imported: "新增城镇就业8000人以上",
  other: "完成营造林1.5万亩",
};

/** A day relative to today, as the server counts days (Asia/Shanghai). */
function isoDay(offset: number): string {
  return shanghaiDay(new Date(Date.now() + offset * 86_400_000));
}

/** axe on the page once it is still (seriousViolations waits for AntD's enter animations to finish). */
async function scan(page: Page): Promise<string[]> {
  return seriousViolations(page);
}

/** Picks an option in the AntD select labelled `label` inside `scope` by typing its name. */
async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(option);
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option })
    .first()
    .click();
}

describe("任务分解, 我的任务 and 督办看板 in a browser", { timeout: 60_000 }, () => {
  let env: WebEnv;
  let context: BrowserContext;
  let page: Page;
  let reportId: string;
  let downloaded: Buffer;
  const axe: Record<string, string[]> = {};

  const table = () => page.getByTestId("decomposition-table");
  const rowOf = (text: string) => table().locator("tr[data-task-id]", { hasText: text }).first();
  const search = async (text: string) => {
    await page.getByLabel("搜索任务").fill(text);
    await expect.poll(() => rowOf(text).count()).toBe(1);
  };

  beforeAll(async () => {
    env = await startWebEnv();
    const ctx = systemContext(env.db, SYSTEM_ACTOR);
    const r = await ingestReport(ctx, {
      bytes: readFileSync(SAMPLE_PATH),
      path: "示例县2025年政府工作报告.txt",
    });
    reportId = r.reportId;
    const report = await env.db.kysely
      .selectFrom("reports")
      .select("region_id")
      .where("id", "=", reportId)
      .executeTakeFirstOrThrow();
    const regionId = report.region_id as string;
    const edu = await createDepartment(ctx, { regionId, name: "县教育局" });
    await createDepartment(ctx, { regionId, name: "县财政局" });
    await createDepartment(ctx, { regionId, name: "县住房和城乡建设局", shortName: "县住建局" });
    await createDepartment(ctx, { regionId, name: "县人力资源和社会保障局", shortName: "县人社局" });
    await createUser(ctx, {
      username: "duchashi",
      password: PASSWORD,
      role: "supervisor",
      regionId,
      displayName: "督查室王科长",
    });
    await createUser(ctx, {
      username: "jiaoyuju",
      password: PASSWORD,
      role: "department",
      departmentId: edu.id,
      displayName: "教育局李填报",
    });
    // The offices' clock: "7 天后到期" is counted in the same days as the server's.
    context = await env.browser.newContext({
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await context?.close().catch(() => {});
    await env?.close();
  });

  it("opens the 分解表 from the reports list and assigns one task with a milestone", async () => {
    await signIn(page, env.base);
    await page
      .getByRole("link", { name: /任务分解/ })
      .first()
      .click();
    await page.waitForURL(`${env.base}/reports/${encodeURIComponent(reportId)}/tasks`);
    await page.getByTestId("decomposition-page").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "示例县2025年政府工作报告重点任务分解表",
    );
    expect(await page.getByTestId("decomposition-summary").textContent()).toBe("任务 24 项，已交办 0 项");
    axe.decomposition = await scan(page);

    await search(TASKS.single);
    await rowOf(TASKS.single)
      .getByRole("button", { name: /^交办第 \d+ 项任务$/ })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(TASKS.single).waitFor();
    await choose(page, dialog, "牵头单位", "县教育局");
    await choose(page, dialog, "责任单位", "县财政局");
    await dialog.getByRole("button", { name: "添加节点" }).click();
    await dialog.getByLabel("节点内容 1", { exact: true }).fill("完成项目摸底");
    await dialog.getByLabel("完成时限").fill(isoDay(-30));
    await dialog.getByLabel("完成时限").press("Tab");
    // Closes the date picker's panel: the dialog is what is scanned.
    await dialog.locator(".assign-task").click();
    await page.locator(".ant-picker-dropdown:visible").waitFor({ state: "hidden" });
    axe.assignDialog = await scan(page);
    await dialog.getByRole("button", { name: /交\s*办/ }).click();
    await dialog.waitFor({ state: "detached" });

    const row = rowOf(TASKS.single);
    await expect.poll(() => row.textContent()).toContain("县教育局");
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("县财政局");
    expect(text).toContain("完成项目摸底");
    expect(text).toContain("已交办");
    expect(text).toContain("逾期");
  });

  it("assigns several tasks at once (批量交办)", async () => {
    await page.getByLabel("搜索任务").fill("");
    for (const task of [TASKS.bulk1, TASKS.bulk2]) {
      await search(task);
      await rowOf(task).getByRole("checkbox").check();
    }
    await page.getByRole("button", { name: "批量交办（2）" }).click();
    const dialog = page.getByRole("dialog");
    await choose(page, dialog, "牵头单位", "县住房和城乡建设局");
    await choose(page, dialog, "责任单位", "县教育局");
    await dialog.getByLabel("完成时限").fill(isoDay(7));
    await dialog.getByLabel("完成时限").press("Tab");
    await dialog.getByRole("button", { name: /交\s*办/ }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByLabel("搜索任务").fill("");
    await expect
      .poll(() => page.getByTestId("decomposition-summary").textContent())
      .toBe("任务 24 项，已交办 3 项");
    for (const task of [TASKS.bulk1, TASKS.bulk2]) {
      await search(task);
      expect(await rowOf(task).textContent()).toContain("县住房和城乡建设局");
    }
  });

  it("exports the 分解表: the downloaded xlsx has the offices' layout and the assignments", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-decomposition").click(),
    ]);
    expect(download.suggestedFilename()).toBe("示例县2025年政府工作报告重点任务分解表.xlsx");
    const path = await download.path();
    downloaded = readFileSync(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(downloaded as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const cell = (r: number, c: number) => String(ws.getCell(r, c).value ?? "");
    expect(cell(1, 1)).toBe("示例县2025年政府工作报告重点任务分解表");
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => cell(2, c))).toEqual([
      "序号",
      "重点任务",
      "牵头单位",
      "责任单位",
      "完成时限",
      "进度",
      "任务编号",
    ]);
    const rows: string[][] = [];
    for (let r = 3; r <= ws.rowCount; r++)
      if (cell(r, 7)) rows.push([1, 2, 3, 4, 5, 6].map((c) => cell(r, c)));
    expect(rows).toHaveLength(24);
    const single = rows.find((r) => r[1]?.includes(TASKS.single));
    expect(single?.slice(2, 4)).toEqual(["县教育局", "县财政局"]);
    expect(single?.[5]).toBe("已交办");
    const bulk = rows.find((r) => r[1]?.includes(TASKS.bulk1));
    expect(bulk?.[2]).toBe("县住房和城乡建设局");
    expect(rows.filter((r) => r[5] === "未交办")).toHaveLength(21);
  });

  it("imports an edited copy: a preview of the changes first, then all of them at once", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(downloaded as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const find = (text: string) => {
      for (let r = 3; r <= ws.rowCount; r++) if (String(ws.getCell(r, 2).value).includes(text)) return r;
      throw new Error(text);
    };
    ws.getCell(find(TASKS.imported), 3).value = "县人社局";
    ws.getCell(find(TASKS.imported), 4).value = "县财政局、县教育局";
    ws.getCell(find(TASKS.imported), 5).value = "2026年12月底";
    ws.getCell(find(TASKS.single), 5).value = isoDay(10);
    const edited = Buffer.from(await wb.xlsx.writeBuffer());

    await page.getByRole("button", { name: "导入分解表" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.locator("input[type=file]").setInputFiles({
      name: "分解表（修改）.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: edited,
    });
    const preview = dialog.getByTestId("import-preview");
    await expect.poll(() => preview.textContent()).toContain("将新交办 1 项、调整 1 项");
    const changes = (await dialog.getByTestId("import-changes").textContent()) ?? "";
    expect(changes).toContain("县人力资源和社会保障局");
    expect(changes).toContain("2026年12月底");
    expect(changes).toContain(TASKS.single.slice(0, 8));
    axe.importDialog = await scan(page);
    await dialog.getByRole("button", { name: /确认导入/ }).click();
    await dialog.waitFor({ state: "detached" });
    await expect
      .poll(() => page.getByTestId("decomposition-summary").textContent())
      .toBe("任务 24 项，已交办 4 项");
    await search(TASKS.imported);
    const row = (await rowOf(TASKS.imported).textContent()) ?? "";
    expect(row).toContain("县人力资源和社会保障局");
    expect(row).toContain("2026年12月底");

    // The same file again: nothing left to change.
    await page.getByRole("button", { name: "导入分解表" }).click();
    await page
      .getByRole("dialog")
      .locator("input[type=file]")
      .setInputFiles({ name: "again.xlsx", mimeType: "application/octet-stream", buffer: edited });
    await expect
      .poll(() => page.getByTestId("import-preview").textContent())
      .toContain("文件与台账一致，无需导入");
    expect(await page.getByRole("button", { name: /确认导入/ }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: /取\s*消/ }).click();
  });

  it("a department user lands on 我的任务, sees only their department's tasks and reports progress", async () => {
    const dept = await env.browser.newContext({
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      viewport: { width: 1440, height: 900 },
    });
    dept.setDefaultTimeout(10_000);
    try {
      const p = await dept.newPage();
      await signIn(p, env.base, { username: "jiaoyuju", password: PASSWORD }, "/my-tasks");
      const rows = p.getByTestId("my-tasks-table").locator("tbody tr.ant-table-row");
      await expect.poll(() => rows.count()).toBe(4);
      const texts = (await rows.allTextContents()).join("\n");
      for (const task of [TASKS.single, TASKS.bulk1, TASKS.bulk2, TASKS.imported])
        expect(texts).toContain(task);
      expect(texts).not.toContain(TASKS.other);
      // Soonest deadline first: the bulk pair (7 days) before the single task (10 days).
      expect(await rows.first().textContent()).toContain("7 天后到期");
      axe.myTasks = await scan(p);

      const single = rows.filter({ hasText: TASKS.single });
      expect(await single.textContent()).toContain("牵头");
      await single.getByRole("button", { name: /填报进展/ }).click();
      const drawer = p.getByRole("dialog");
      const form = drawer.getByTestId("progress-form");
      await form.getByLabel("完成进度（%）").fill("60");
      await form.getByLabel("进展情况").fill("已完成项目摸底，进入施工招标");
      await form.locator("input[type=file]").setInputFiles({
        name: "招标公告.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("%PDF-1.4 招标公告"),
      });
      await form.getByText("招标公告.pdf").waitFor();
      axe.progressDrawer = await scan(p);
      await form.getByRole("button", { name: /提交进展/ }).click();
      const entry = drawer.getByTestId("progress-entry").first();
      await expect.poll(() => entry.textContent()).toContain("已完成项目摸底，进入施工招标");
      expect(await entry.textContent()).toContain("60%");
      expect(await entry.getByRole("link", { name: "招标公告.pdf" }).count()).toBe(1);
      // Esc closes the drawer: the "进展已提交" toast can sit over its close button for a few seconds.
      await p.keyboard.press("Escape");
      await expect.poll(() => single.textContent()).toContain("60%");
      expect(await single.textContent()).toContain("推进中");

      // The 分解表 shows every department's work: not for department users, and not in their menu.
      expect(await p.getByRole("link", { name: "督办看板" }).count()).toBe(0);
      await p.goto(`${env.base}/reports/${encodeURIComponent(reportId)}/tasks`);
      await expect.poll(() => p.getByRole("alert").first().textContent()).toContain("无权");
    } finally {
      await dept.close();
    }
  });

  it("the supervisor lands on 督办看板 and sees the progress, the overdue and the due-soon work", async () => {
    const sup = await env.browser.newContext({
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      viewport: { width: 1440, height: 1000 },
    });
    sup.setDefaultTimeout(10_000);
    try {
      const p = await sup.newPage();
      await signIn(p, env.base, { username: "duchashi", password: PASSWORD }, "/dashboard");
      const cards = p.getByTestId("dashboard-cards");
      await cards.waitFor();
      const figures = (await cards.textContent()) ?? "";
      for (const s of ["任务总数24", "未交办20", "已交办4", "逾期0", "14 天内到期3"])
        expect(figures).toContain(s);
      await p.getByTestId("status-chart").locator("canvas").waitFor();
      expect(await p.getByTestId("status-chart").getAttribute("aria-label")).toContain("推进中 1");
      const edu = p.getByTestId("department-table").locator("tr", { hasText: "县教育局" });
      expect(await edu.textContent()).toContain("60%");
      const soon = p.getByTestId("due-soon-list");
      expect(await soon.textContent()).toContain(TASKS.bulk1);
      axe.dashboard = await scan(p);

      await soon.getByRole("link", { name: new RegExp(TASKS.single) }).click();
      await p.waitForURL(/\/assignments\/[^/]+$/);
      const detail = p.getByTestId("assignment-detail");
      await detail.getByTestId("progress-entry").first().waitFor();
      const shown = (await detail.textContent()) ?? "";
      for (const s of [
        "县教育局",
        "县财政局",
        "已完成项目摸底，进入施工招标",
        "教育局李填报",
        "招标公告.pdf",
        "完成项目摸底",
      ])
        expect(shown).toContain(s);
      axe.assignment = await scan(p);
    } finally {
      await sup.close();
    }
  });

  it("has no serious or critical accessibility violations on any new page", () => {
    expect(axe).toEqual({
      decomposition: [],
      assignDialog: [],
      importDialog: [],
      myTasks: [],
      progressDrawer: [],
      dashboard: [],
      assignment: [],
    });
  });
});
