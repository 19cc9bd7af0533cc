import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOTICE_2027 } from "../app/calendarNotice.support.js";
import { seriousViolations, signIn, startWebEnv, type WebEnv } from "./web.support.js";

/** 导入放假通知 on the calendar settings: paste, preview (and an error), import, and the calendar shows it. */
function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

describe("importing the holiday notice in a browser", { timeout: 90_000 }, () => {
  let env: WebEnv;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    env = await startWebEnv();
    context = await env.browser.newContext({ locale: "zh-CN", viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await signIn(page, env.base);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await env?.close();
  });

  it("previews the pasted notice, names the line of an error, imports it and shows it in the calendar", async () => {
    await page.goto(`${env.base}/settings/rules`);
    const settings = page.getByTestId("calendar-settings");
    await settings.waitFor();
    await settings.getByRole("button", { name: "导入放假通知" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("通知全文").fill(NOTICE_2027.replace("共9天", "共10天"));
    await dialog.getByRole("button", { name: /预\s*览/ }).click();
    await poll(() => dialog.getByRole("alert").textContent()).toContain("第5行：“春节”写明共10天");
    expect(await dialog.getByRole("button", { name: /导\s*入/ }).isDisabled()).toBe(true);

    await dialog.getByLabel("通知全文").fill(NOTICE_2027);
    await dialog.getByRole("button", { name: /预\s*览/ }).click();
    const preview = dialog.getByTestId("notice-preview");
    await preview.waitFor();
    const text = await preview.textContent();
    expect(text).toContain("2027年放假安排");
    expect(text).toContain("春节 2027年2月5日—2027年2月13日");
    expect(text).toContain("2027年2月14日、2027年2月20日");
    expect(text).toContain("导入后将变更 17 处本地调整");
    expect(await seriousViolations(page)).toEqual([]);

    await dialog.getByRole("button", { name: /导\s*入/ }).click();
    await page.getByText("已导入放假通知，变更 17 处").waitFor();
    await poll(() => page.getByRole("dialog").count()).toBe(0);
    await poll(() => settings.textContent()).toContain("国务院办公厅关于2027年部分节假日安排的通知");
    // The notice's own ranges, not the table's statutory days (春节 5–8 February).
    expect(await settings.textContent()).toContain("春节 2027年2月5日—2027年2月13日");
    expect(await settings.textContent()).toContain("调休上班：2027年2月14日、2027年2月20日");
    expect(await settings.textContent()).toContain("2027年10月9日");
    expect(await settings.getByText("该年度国务院办公厅放假安排尚未收录").count()).toBe(0);
  });
});
