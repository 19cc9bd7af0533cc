import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multipart } from "../server/reports.support.js";
import {
  ADMIN,
  apiSession,
  SAMPLE_PATH,
  seriousViolations,
  signIn,
  startWebEnv,
  type WebEnv,
} from "./web.support.js";

/**
 * The web app end to end: the built app served by the real server on a fresh SQLite ledger, driven by
 * Chromium. One signed-in page is shared by the tests in order (sign in → upload → read → correct).
 */
describe("web app in a browser", () => {
  let env: WebEnv;
  let context: BrowserContext;
  let page: Page;
  let reportId: string;
  let sampleFacts = 0;
  const dialogs: string[] = [];

  beforeAll(async () => {
    env = await startWebEnv();
    context = await env.browser.newContext({ locale: "zh-CN", viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 120_000);
  afterAll(async () => {
    await context?.close().catch(() => {});
    await env?.close();
  });

  it("sends a signed-out visitor to 登录, refuses a wrong password in Chinese, then signs in", async () => {
    await page.goto(`${env.base}/reports`);
    await page.waitForURL(`${env.base}/login`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await page.getByLabel("用户名").fill(ADMIN.username);
    await page.getByLabel("密码").fill("wrong password");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("登录失败");
    expect(page.url()).toBe(`${env.base}/login`);

    await signIn(page, env.base);
    const bar = page.locator(".app-header");
    await expect.poll(() => bar.textContent()).toContain(ADMIN.displayName);
    expect(await bar.textContent()).toContain("管理员");
  });

  it("uploads several files through the drop zone with a result per file, and lists the report", async () => {
    const sample = readFileSync(SAMPLE_PATH);
    await page.locator(".ant-upload input[type=file]").setInputFiles([
      { name: "示例县2025年政府工作报告.txt", mimeType: "text/plain", buffer: sample },
      { name: "空文件.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) },
    ]);
    const results = page.getByTestId("upload-result");
    await expect.poll(() => results.count()).toBe(2);
    const ok = results.filter({ hasText: "示例县2025年政府工作报告.txt" });
    await expect.poll(() => ok.getAttribute("data-status")).toBe("new");
    expect(await ok.textContent()).toContain("已入库");
    const counts = /数据 (\d+) 条，任务 (\d+) 项/.exec((await ok.textContent()) ?? "");
    expect(counts).not.toBeNull();
    sampleFacts = Number(counts?.[1]);
    const sampleTasks = Number(counts?.[2]);
    expect(sampleFacts).toBeGreaterThan(50);
    expect(sampleTasks).toBeGreaterThan(10);
    const bad = results.filter({ hasText: "空文件.txt" });
    await expect.poll(() => bad.getAttribute("data-status")).toBe("failed");
    expect(await bad.textContent()).toMatch(/失败.*[\u4e00-\u9fff]/);

    // The same file again: recognised, not stored twice.
    await page
      .locator(".ant-upload input[type=file]")
      .setInputFiles([{ name: "again.txt", mimeType: "text/plain", buffer: sample }]);
    const again = results.filter({ hasText: "again.txt" });
    await expect.poll(() => again.getAttribute("data-status")).toBe("unchanged");
    expect(await again.textContent()).toContain("已存在/未变");

    const rows = page.locator("[data-testid=reports-table] tbody tr.ant-table-row");
    await expect.poll(() => rows.count()).toBe(1);
    const row = await rows.first().textContent();
    expect(row).toContain("示例县");
    expect(row).toContain("2025年");
    const cells = await rows.first().locator("td").allTextContents();
    expect(cells.slice(3, 5)).toEqual([String(sampleFacts), String(sampleTasks)]);

    await rows.first().getByRole("link").first().click();
    await page.waitForURL(/\/reports\/[^/]+$/);
    reportId = decodeURIComponent(page.url().split("/").pop() as string);
  });

  it("reads the report: facts highlighted by kind with a legend, outline scrolls, a fact opens its panel", async () => {
    const text = page.getByTestId("report-text");
    await text.waitFor();
    // Every one of the sample's facts can be reached, nested ones included.
    const ids = await text
      .locator(".fact[data-fact-id]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-fact-id")));
    expect(new Set(ids).size).toBe(sampleFacts);
    expect(await text.locator(".fact-actual[data-fact-id]").count()).toBeGreaterThan(0);
    expect(await text.locator(".fact-target[data-fact-id]").count()).toBeGreaterThan(0);
    // Kind is told by underline style too, not only colour.
    const style = (kind: string) =>
      text
        .locator(`.fact-${kind}[data-fact-id]`)
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationStyle);
    expect(await style("actual")).toBe("solid");
    expect(await style("target")).toBe("dashed");
    const legend = await page.locator(".legend").textContent();
    expect(legend).toContain("实际值");
    expect(legend).toContain("目标值");

    // The outline scrolls the text to the section.
    const outline = page.locator(".reader-outline a");
    const last = outline.last();
    const heading = await last.textContent();
    await last.click();
    const anchorId = ((await last.getAttribute("href")) as string).slice(1);
    await expect
      .poll(() =>
        page.evaluate((id) => {
          const r = document.getElementById(id)?.getBoundingClientRect();
          return r ? r.top >= 0 && r.top < window.innerHeight : false;
        }, anchorId),
      )
      .toBe(true);
    expect(heading).toBeTruthy();

    await text.locator(".fact[data-fact-id]", { hasText: "286.5亿元" }).first().click();
    const panel = page.getByTestId("fact-panel");
    await panel.waitFor();
    const shown = await panel.textContent();
    for (const s of ["地区生产总值", "286.5亿元", "亿元", "等于", "2024年", "实际值"])
      expect(shown).toContain(s);
  });

  it("corrects a fact with a reason: original and current shown side by side; a stale version says so", async () => {
    const panel = page.getByTestId("fact-panel");
    await panel.getByRole("button", { name: "更正此数据" }).click();
    const form = page.getByTestId("correction-form");
    // The reason is required.
    await form.getByRole("button", { name: "提交更正" }).click();
    await expect.poll(() => form.textContent()).toContain("请填写更正理由");
    await form.getByLabel("数值").fill("286.6");
    await form.getByLabel("更正理由").fill("按统计公报核实");
    await form.getByRole("button", { name: "提交更正" }).click();
    await form.waitFor({ state: "detached" });

    const valueRow = panel.getByTestId("fact-compare").locator("tr", { hasText: "数值" });
    await expect.poll(() => valueRow.textContent()).toContain("286.6");
    expect(await valueRow.textContent()).toContain("286.5");
    const header = await panel.getByTestId("fact-compare").locator("thead").textContent();
    expect(header).toContain("原抽取值");
    expect(header).toContain("当前值");
    expect(await panel.textContent()).toContain("按统计公报核实");
    expect(await page.locator(".fact-corrected[data-fact-id]").count()).toBe(1);

    // Someone else corrects the same fact meanwhile: this form's version is stale.
    await panel.getByRole("button", { name: "更正此数据" }).click();
    const report = await env.app.inject({
      method: "GET",
      url: `/api/v1/reports/${reportId}`,
      headers: await apiSession(env.app),
    });
    const fact = report.json().facts.find((f: { quote: string }) => f.quote.includes("286.5亿元"));
    const other = await env.app.inject({
      method: "POST",
      url: `/api/v1/facts/${fact.id}/corrections`,
      headers: await apiSession(env.app),
      payload: { version: fact.version, reason: "他人更正", changes: { unit: "亿" } },
    });
    expect(other.statusCode).toBe(201);
    await form.getByLabel("更正理由").fill("再次核实");
    await form.getByLabel("数值").fill("300");
    await form.getByRole("button", { name: "提交更正" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toContain("已被他人修改，请刷新");
    expect(await valueRow.textContent()).toContain("286.5");
  });

  it("shows markup in a report as text and runs none of it", async () => {
    const body = [
      "样本县2026年政府工作报告",
      "一、2025年工作回顾",
      "全年实现地区生产总值100.5亿元。<script>alert(1)</script>注意<img src=x onerror=alert(1)>结束。",
      "二、2026年工作安排",
      "地区生产总值增长6%左右。",
    ].join("\n");
    const up = multipart([{ name: "恶意.txt", content: Buffer.from(body, "utf8") }]);
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/reports",
      payload: up.payload,
      headers: { ...up.headers, ...(await apiSession(env.app)) },
    });
    expect(res.statusCode).toBe(200);
    const id = res.json().results[0].reportId;
    expect(id).toBeTruthy();

    await page.goto(`${env.base}/reports/${encodeURIComponent(id)}`);
    const text = page.getByTestId("report-text");
    await text.waitFor();
    const shown = await text.textContent();
    expect(shown).toContain("<script>alert(1)</script>");
    expect(shown).toContain("<img src=x onerror=alert(1)>");
    expect(
      await page.locator("[data-testid=report-text] script, [data-testid=report-text] img").count(),
    ).toBe(0);
    expect(await page.locator("img[src=x]").count()).toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
  });

  it("has no serious or critical accessibility violations on 登录, 报告 and 阅读", async () => {
    const found: Record<string, string[]> = {};
    const anon = await env.browser.newContext({ locale: "zh-CN" });
    try {
      const p = await anon.newPage();
      await p.goto(`${env.base}/login`);
      await p.getByLabel("用户名").waitFor();
      found.login = await seriousViolations(p);
    } finally {
      await anon.close();
    }
    await page.goto(`${env.base}/reports`);
    await page.locator("[data-testid=reports-table] tbody tr.ant-table-row").first().waitFor();
    found.reports = await seriousViolations(page);
    await page.goto(`${env.base}/reports/${encodeURIComponent(reportId)}`);
    await page.getByTestId("report-text").waitFor();
    await page.locator(".fact[data-fact-id]").first().click();
    await page.getByTestId("fact-panel").waitFor();
    found.reader = await seriousViolations(page);
    expect(found).toEqual({ login: [], reports: [], reader: [] });
  });

  it("serves the app at / with index.html for client routes, while API 404s stay JSON", async () => {
    const home = await fetch(`${env.base}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get("content-security-policy")).toContain("script-src 'self'");
    const route = await fetch(`${env.base}/reports/whatever`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    for (const path of ["/api/v1/nope", "/assets/missing.js"]) {
      const res = await fetch(`${env.base}${path}`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("NOT_FOUND");
    }
  });

  it("changes the password (修改密码), signs out, and signs in only with the new one", async () => {
    await page.getByRole("link", { name: "修改密码" }).click();
    await page.waitForURL(`${env.base}/password`);
    await page.getByLabel("当前密码").fill(ADMIN.password);
    await page.getByLabel("新密码", { exact: true }).fill("new secret 2026");
    await page.getByLabel("确认新密码").fill("new secret 2026");
    await page.getByRole("button", { name: "修改密码" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("密码已修改");

    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(`${env.base}/login`);
    await page.goto(`${env.base}/reports`);
    await page.waitForURL(`${env.base}/login`);
    await page.getByLabel("用户名").fill(ADMIN.username);
    await page.getByLabel("密码").fill(ADMIN.password);
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("登录失败");
    await page.getByLabel("密码").fill("new secret 2026");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await page.waitForURL(`${env.base}/reports`);
  });
});
