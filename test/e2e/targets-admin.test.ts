import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { systemContext } from "../../src/app/context.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { SAMPLE_PATH, seriousViolations, signIn, startWebEnv, type WebEnv } from "./web.support.js";

/**
 * 目标台账 and the admin pages end to end: the English switch, filters, the indicator chart, the xlsx export,
 * a department list imported from Excel and a new user. Two reports of one county (2025 and 2026) give the
 * chart targets and actuals over several years.
 */
/** The machine is shared: give the page time to load before a check gives up. */
function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

describe("targets ledger and admin pages in a browser", { timeout: 90_000 }, () => {
  let env: WebEnv;
  let context: BrowserContext;
  let page: Page;
  const clerk = { username: "clerk01", password: "clerk password 1" };

  async function pickOption(selectId: string, label: string): Promise<void> {
    await page.locator(`.ant-select:has(#${selectId}) .ant-select-selector`).click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: label })
      .first()
      .click();
    // Scans run with the page at rest: AntD's open option list is not what a reader meets between actions.
    await poll(() => page.locator(".ant-select-dropdown:visible").count()).toBe(0);
  }

  async function expectAccessible(): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    env = await startWebEnv();
    const sample = readFileSync(SAMPLE_PATH, "utf8");
    const ctx = systemContext(env.db, SYSTEM_ACTOR);
    await ingestReport(ctx, { bytes: Buffer.from(sample), path: "示例县2025年政府工作报告.txt" });
    // The next year's report of the same county: its review gives 2025's actuals.
    const next = sample
      .replaceAll("2025", "2026")
      .replaceAll("2024", "2025")
      .replace("同比增长6.3%", "同比增长6.1%");
    await ingestReport(ctx, { bytes: Buffer.from(next), path: "示例县2026年政府工作报告.txt" });
    context = await env.browser.newContext({
      locale: "zh-CN",
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await signIn(page, env.base);
  }, 120_000);
  afterAll(async () => {
    await context?.close().catch(() => {});
    await env?.close();
  });

  it("switches to English from the header, keeps it across reloads, and switches back", async () => {
    const bar = page.locator(".app-header");
    await page.getByTestId("locale-switch").click();
    await poll(() => page.getAttribute("html", "lang")).toBe("en-US");
    await poll(() => bar.textContent()).toContain("Reports");
    expect(await bar.textContent()).toContain("Administrator");
    await page.goto(`${env.base}/targets`);
    await page.getByRole("heading", { level: 1, name: "Targets" }).waitFor();
    // Years without 年, comparators in English.
    const firstYear = page.locator("[data-testid=targets-table] tbody tr.ant-table-row td").nth(1);
    await poll(() => firstYear.textContent()).toMatch(/^20\d\d$/);
    expect(await page.locator("[data-testid=targets-table]").textContent()).toMatch(/about|at least/);
    await expectAccessible();

    await page.getByTestId("locale-switch").click();
    await poll(() => page.getAttribute("html", "lang")).toBe("zh-CN");
    await page.getByRole("heading", { level: 1, name: "目标台账" }).waitFor();
    await poll(() => firstYear.textContent()).toMatch(/^20\d\d年$/);
    expect(await bar.textContent()).toContain("管理员");
  });

  it("filters the targets, draws the indicator's history and downloads the same rows as xlsx", async () => {
    await page.goto(`${env.base}/targets`);
    const rows = page.locator("[data-testid=targets-table] tbody tr.ant-table-row");
    await poll(() => rows.count()).toBeGreaterThan(10);

    await pickOption("targets-year", "2026年");
    await poll(() => page.url()).toContain("year=2026");
    await poll(async () => new Set(await rows.locator("td:nth-child(2)").allTextContents())).toEqual(
      new Set(["2026年"]),
    );

    // Free text filters after a pause in typing; a catalog name can be picked from the suggestions.
    await page.locator("#targets-indicator").fill("没有这个指标");
    await poll(() => page.url()).toContain(`indicator=${encodeURIComponent("没有这个指标")}`);
    await poll(() => page.locator("[data-testid=targets-table] .table-empty").count()).toBe(1);
    await page.locator("#targets-indicator").fill("地区生产");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option[title='地区生产总值']").click();
    await poll(() => page.locator(".ant-select-dropdown:visible").count()).toBe(0);
    await poll(() => page.url()).toContain("indicator=");
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("约 6%");
    expect(await rows.first().getByRole("link").getAttribute("href")).toMatch(/\/reports\/[^?]+\?fact=/);

    // The chart: all years of the indicator in the county, whatever the year filter.
    const chart = page.getByTestId("history-chart");
    await chart.waitFor();
    const img = chart.locator(".history-chart");
    expect(await img.getAttribute("aria-label")).toBe("示例县地区生产总值历年目标与实际（%）");
    await poll(() => img.locator("svg path").count()).toBeGreaterThan(2);
    const svgText = await img.locator("svg").textContent();
    for (const year of ["2024年", "2025年", "2026年"]) expect(svgText).toContain(year);
    const table = await chart.locator("table").textContent();
    expect(table).toContain("6.1%"); // 2025's actual, from the 2026 report's review
    expect(table).toContain("6.3%"); // 2024's actual
    await expectAccessible();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("targets-export").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^目标台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const path = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error("no sheet");
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      "地区",
      "年度",
      "指标",
      "目标值",
      "单位",
      "比较",
      "期间",
      "章节",
      "原文",
      "报告",
    ]);
    expect(ws.rowCount).toBe(2);
    const row = (ws.getRow(2).values as unknown[]).slice(1);
    expect(row.slice(0, 6)).toEqual(["示例县", 2026, "地区生产总值", 6, "%", "约"]);
  });

  it("lets an admin import departments from xlsx (preview, then apply) and create a user", async () => {
    await page.getByRole("menuitem", { name: "系统管理" }).hover();
    const link = page.getByRole("link", { name: "部门" });
    await link.waitFor({ state: "visible" });
    // The pop-up menu animates; a dispatched click does not depend on where the pointer passes.
    await link.dispatchEvent("click");
    await page.waitForURL(`${env.base}/admin/departments`);
    await pickOption("departments-region", "示例县");
    const table = page.locator("[data-testid=departments-table]");
    await table.waitFor();

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("部门");
    ws.addRow(["部门名称", "简称", "地区"]);
    ws.addRow(["县发展和改革局", "发改局", ""]);
    ws.addRow(["县财政局", "财政局", "示例县"]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const importCard = page.getByTestId("department-import");
    await importCard.locator("input[type=file]").setInputFiles({
      name: "部门名单.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: file,
    });
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    expect(await preview.locator("tbody tr").count()).toBe(2);
    expect(await importCard.textContent()).toContain("将新建 2 个、更新 0 个，0 个不变");
    // Previewing wrote nothing.
    expect(await table.locator("tbody tr.ant-table-row").count()).toBe(0);
    await expectAccessible();

    await importCard.getByRole("button", { name: "确认导入" }).click();
    await poll(() => table.locator("tbody tr.ant-table-row td:first-child").allTextContents()).toEqual([
      "县财政局",
      "县发展和改革局",
    ]); // by pinyin: cái before fā

    // The same file again: nothing left to do.
    await importCard.locator("input[type=file]").setInputFiles({
      name: "部门名单.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: file,
    });
    await poll(() => importCard.textContent()).toContain("文件与现有部门一致，无需导入");

    await page.goto(`${env.base}/admin/users`);
    const users = page.locator("[data-testid=users-table] tbody tr.ant-table-row");
    await poll(() => users.count()).toBe(1);
    await page.getByRole("button", { name: "新建用户" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("用户名").fill(clerk.username);
    await dialog.getByLabel("姓名").fill("王填报");
    await dialog.getByLabel("初始密码").fill(clerk.password);
    await pickOption("role", "填报员");
    await pickOption("regionId", "示例县");
    await pickOption("departmentId", "县财政局");
    await expectAccessible();
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    await poll(() => users.count()).toBe(2);
    const row = await users.filter({ hasText: clerk.username }).textContent();
    expect(row).toContain("王填报");
    expect(row).toContain("填报员");
    expect(row).toContain("县财政局");
    expect(row).toContain("正常");
    await expectAccessible();
  });

  it("hides the admin menu from others and refuses them the admin pages", async () => {
    const other = await env.browser.newContext({ locale: "zh-CN", viewport: { width: 1400, height: 900 } });
    try {
      const p = await other.newPage();
      await p.goto(`${env.base}/login`);
      await p.getByLabel("用户名").fill(clerk.username);
      await p.getByLabel("密码").fill(clerk.password);
      await p.getByRole("button", { name: /登\s*录/ }).click();
      await p.waitForURL((url) => !url.pathname.startsWith("/login"));
      await p.locator(".app-header").getByText("王填报").waitFor();
      expect(await p.locator(".app-header").textContent()).not.toContain("系统管理");
      await p.goto(`${env.base}/admin/users`);
      await p.getByText("仅管理员可以访问此页面").waitFor();
    } finally {
      await other.close();
    }
  });
});
