import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Browser, BrowserContext, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { assignTask } from "../../src/app/assignments/assignments.js";
import { systemContext } from "../../src/app/context.js";
import { createDepartment } from "../../src/app/departments/departments.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import { createUser } from "../../src/app/users/createUser.js";
import { writeHandFacts } from "../server/scoring.support.js";
import { SAMPLE_PATH, seriousViolations, signIn, startWebEnv, type WebEnv } from "./web.support.js";

/**
 * 考评 and 通报 in a browser: the hand-computed first quarter of 2026 (test/server/scoring.support.ts) ranked
 * with its lines, the rubric edited, the 通报 previewed and downloaded as .docx, the 台账 as .xlsx; a
 * department user gets only the 台账. A department whose name carries markup shows it as text. A supervisor
 * rates a closed assignment's quality, which scores its department; the department sees the rating only.
 * Every page is scanned with axe.
 */

const PASSWORD = "correct horse battery";
const USERS = { supervisor: "kaoping", viewer: "chakan", department: "jiaotong" } as const;
/** A name a careless renderer would turn into an element. */
const MARKUP = '县发展和改革局<img src=x onerror="window.__xss=1">';

describe("考评 and 通报 pages in a browser", { timeout: 120_000 }, () => {
  let env: WebEnv;
  const contexts: BrowserContext[] = [];
  const pages = {} as Record<keyof typeof USERS, Page>;
  const taskText: Record<string, string> = {};
  const assignmentIds: Record<string, string> = {};

  async function signedIn(browser: Browser, username: string): Promise<Page> {
    const context = await browser.newContext({
      locale: "zh-CN",
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, env.base, { username, password: PASSWORD }, null);
    return page;
  }

  /** Picks an option of the AntD select labelled `name` (opened from the keyboard: its parts overlap the input). */
  async function choose(page: Page, name: string, option: string) {
    await page.getByLabel(name, { exact: true }).focus();
    await page.keyboard.press("ArrowDown");
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option })
      .first()
      .click();
  }

  async function downloaded(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
    const [d] = (await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()])) as [
      Download,
      unknown,
    ];
    const path = await d.path();
    return { name: d.suggestedFilename(), bytes: readFileSync(path) };
  }

  beforeAll(async () => {
    env = await startWebEnv();
    const ctx = systemContext(env.db, SYSTEM_ACTOR);
    const r = await ingestReport(ctx, {
      bytes: readFileSync(SAMPLE_PATH),
      path: "示例县2025年政府工作报告.txt",
    });
    const tasks = await env.db.kysely
      .selectFrom("tasks")
      .select(["id", "region_id", "text"])
      .where("report_id", "=", r.reportId)
      .orderBy("start_pos")
      .execute();
    const regionId = tasks[0]?.region_id as string;
    const A = await createDepartment(ctx, { regionId, name: MARKUP });
    const B = await createDepartment(ctx, { regionId, name: "县交通运输局" });
    const C = await createDepartment(ctx, { regionId, name: "县教育局" });
    await createUser(ctx, { username: USERS.supervisor, password: PASSWORD, role: "supervisor", regionId });
    await createUser(ctx, { username: USERS.viewer, password: PASSWORD, role: "viewer", regionId });
    await createUser(ctx, {
      username: USERS.department,
      password: PASSWORD,
      role: "department",
      departmentId: B.id,
    });
    const assign = async (i: number, lead: string, co: string[], deadline: string) => {
      const a = await assignTask(ctx, tasks[i]?.id as string, {
        leadDepartmentId: lead,
        coDepartmentIds: co,
        deadline,
      });
      return a.id;
    };
    const ids = {
      a1: await assign(0, A.id, [B.id], "2026-03-31"),
      a2: await assign(1, A.id, [], "2026-02-27"),
      a3: await assign(2, A.id, [], "2026-06-30"),
      b1: await assign(3, B.id, [], "2026-03-16"),
      c1: await assign(4, C.id, [], "2026-12-31"),
    };
    Object.assign(assignmentIds, ids);
    tasks.slice(0, 5).forEach((t, i) => {
      taskText[Object.keys(ids)[i] as string] = t.text;
    });
    await writeHandFacts(env.db, ids);
    for (const [role, username] of Object.entries(USERS))
      pages[role as keyof typeof USERS] = await signedIn(env.browser, username);
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await env?.close();
  });

  it("ranks the departments of a quarter and drills down to the lines and tasks behind a score", async () => {
    const p = pages.supervisor;
    await p.goto(`${env.base}/scoring`);
    await p.getByTestId("scoring-page").waitFor();
    await choose(p, "年度", "2026");
    await choose(p, "期间", "第一季度");
    const rows = p.getByTestId("rankings").locator("tbody tr.ant-table-row");
    // The default rubric (co-departments share nothing): C 100, B 96.7, A 93.6.
    await expect.poll(() => rows.count()).toBe(3);
    const cells = async (i: number) => (await rows.nth(i).locator("td").allTextContents()).slice(1);
    expect(await cells(0)).toEqual(["1", "县教育局", "1", "0", "0", "100"]);
    expect(await cells(1)).toEqual(["2", "县交通运输局", "1", "1", "0", "96.7"]);
    expect(await cells(2)).toEqual(["3", MARKUP, "3", "1", "1", "93.6"]);
    expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await rows.nth(2).getByRole("button", { name: /展开/ }).click();
    const lines = p.getByTestId("score-lines").locator("tbody tr.ant-table-row");
    await expect.poll(() => lines.count()).toBe(7);
    const late = lines.filter({ hasText: "逾期" }).first();
    expect(await late.textContent()).toContain("-8.4");
    expect(await late.textContent()).toContain("已逾期 32 天");
    expect(await late.getByRole("link").textContent()).toBe(taskText.a2);
    expect(await seriousViolations(p)).toEqual([]);
  });

  it("saves a new version of the rubric and re-ranks by it; a viewer sees it read-only", async () => {
    const p = pages.supervisor;
    const form = p.getByTestId("rubric-form");
    await form.getByLabel("配合单位分担比例（0–1）").fill("0.5");
    await form.getByRole("button", { name: "保存为新版本" }).click();
    await p.getByText("考评细则已保存").waitFor();
    await p.getByText("本地区细则（第 1 版）").waitFor();
    const rows = p.getByTestId("rankings").locator("tbody tr.ant-table-row");
    await expect
      .poll(async () => (await rows.nth(1).locator("td").allTextContents()).slice(1))
      .toEqual(["2", "县交通运输局", "1", "1", "0", "99.2"]);

    const v = pages.viewer;
    await v.goto(`${env.base}/scoring`);
    await v.getByTestId("rubric-form").waitFor();
    expect(await v.getByTestId("rubric-form").getByRole("button").count()).toBe(0);
    expect(await v.getByLabel("基础分").isDisabled()).toBe(true);
    expect(await seriousViolations(v)).toEqual([]);
  });

  it("previews the 通报 from its model and downloads it as .docx, and the 台账 as .xlsx", async () => {
    const p = pages.supervisor;
    await p.goto(`${env.base}/bulletin`);
    await p.getByTestId("bulletin-page").waitFor();
    await choose(p, "年度", "2026");
    await choose(p, "期间", "第一季度");
    const preview = p.getByTestId("bulletin-preview");
    await expect
      .poll(() => preview.locator("h3").textContent())
      .toBe("示例县2026年第一季度重点任务督办情况通报");
    expect(await p.getByTestId("bulletin-lead").textContent()).toContain(
      "共交办重点任务5项，已办结2项，办结率40%",
    );
    const overdue = p.getByTestId("bulletin-overdue").locator("tbody tr.ant-table-row");
    expect(await overdue.count()).toBe(1);
    expect(await overdue.first().textContent()).toContain("2026年2月27日");
    // The department's name is text, not an element.
    expect(await preview.locator("img").count()).toBe(0);
    expect(await preview.textContent()).toContain(MARKUP);
    expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await seriousViolations(p)).toEqual([]);

    const docx = await downloaded(p, "download-docx");
    expect(docx.name).toBe("示例县2026年第一季度重点任务督办情况通报.docx");
    const xml = (await (await JSZip.loadAsync(docx.bytes)).file("word/document.xml")?.async("string")) ?? "";
    const text = xml.replace(/<[^>]+>/g, "");
    expect(text).toContain("示例县2026年第一季度重点任务督办情况通报");
    expect(text).toContain("县交通运输局");
    // The markup went into the document as escaped text.
    expect(xml).toContain("县发展和改革局&lt;img src=x");

    const xlsx = await downloaded(p, "download-xlsx");
    expect(xlsx.name).toMatch(/^示例县重点任务督办台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["重点任务台账", "状态变更记录"]);
    expect(wb.worksheets[0]?.rowCount).toBe(6);
  });

  it("gives a department user the 台账 of their department only, no 通报 and no 考评", async () => {
    const p = pages.department;
    await p.goto(`${env.base}/bulletin`);
    await p.getByTestId("bulletin-page").waitFor();
    expect(await p.getByTestId("bulletin-preview").count()).toBe(0);
    expect(await p.getByTestId("download-docx").count()).toBe(0);
    expect(await seriousViolations(p)).toEqual([]);
    const xlsx = await downloaded(p, "download-xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.worksheets[0]?.eachRow((row, n) => {
      if (n > 1) texts.push(String(row.getCell(2).value));
    });
    expect(texts.sort()).toEqual([taskText.a1, taskText.b1].sort());

    await p.goto(`${env.base}/scoring`);
    await p.getByText("考评仅供管理员、督查室和只读用户查看").waitFor();
    expect(await p.getByRole("link", { name: "考评" }).count()).toBe(0);
  });

  it("lets a supervisor rate a closed assignment's quality, which scores it; the department only reads it", async () => {
    const id = assignmentIds.b1 as string;
    const url = `${env.base}/assignments/${encodeURIComponent(id)}`;
    const reason = "按期完成，群众满意度高";
    const p = pages.supervisor;
    await p.goto(url);
    const card = p.getByTestId("quality-rating");
    await card.getByText("尚未评价").waitFor();
    await card.getByRole("button", { name: "质量评价" }).click();
    const dialog = p.getByRole("dialog", { name: "质量评价" });
    await dialog.waitFor();
    // Level and reason are both required.
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await dialog.getByText("请选择评价等级").waitFor();
    await dialog.getByText("请填写评价理由").waitFor();
    await dialog.getByText("优秀", { exact: true }).click();
    expect(await dialog.getByRole("radio", { name: "优秀" }).isChecked()).toBe(true);
    await dialog.getByLabel("评价理由").fill(reason);
    expect(await seriousViolations(p)).toEqual([]);
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await p.getByText("质量评价已保存").waitFor();
    await dialog.waitFor({ state: "hidden" });
    expect(await card.getByTestId("quality-level").textContent()).toBe("优秀");
    expect(await card.getByTestId("quality-reason").textContent()).toBe(`评价理由：${reason}`);
    // Who and when, the date written out as the rest of the app does.
    expect(await card.getByTestId("quality-rated-by").textContent()).toMatch(
      new RegExp(`^${USERS.supervisor} 评价于 \\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}$`),
    );
    await card.getByRole("button", { name: "修改评价" }).waitFor();
    await expect
      .poll(() => p.getByTestId("cycle-history").locator('[data-action="quality"]').textContent())
      .toContain("优秀");

    // Rated today, the rating is a line of the department's score in the current period (the page's default).
    await p.goto(`${env.base}/scoring`);
    const rows = p.getByTestId("rankings").locator("tbody tr.ant-table-row");
    await rows.filter({ hasText: "县交通运输局" }).getByRole("button", { name: /展开/ }).click();
    const quality = p
      .getByTestId("score-lines")
      .locator("tbody tr.ant-table-row")
      .filter({ hasText: "质量评价" })
      .filter({ has: p.getByRole("link", { name: taskText.b1 as string, exact: true }) });
    await expect.poll(() => quality.count()).toBe(1);
    expect(await quality.textContent()).toContain("+2");
    expect(await quality.textContent()).toContain(`质量评价“优秀”：${reason}`);

    // Someone changes the rating while the dialog is open: saving the stale version says so and reloads it.
    await p.goto(url);
    await card.getByRole("button", { name: "修改评价" }).click();
    const change = p.getByRole("dialog", { name: "修改评价" });
    await change.waitFor();
    expect(await change.getByRole("radio", { name: "优秀" }).isChecked()).toBe(true);
    await env.db.kysely
      .updateTable("quality_ratings")
      .set({ level: "fair", reason: "复核后调整", version: 2 })
      .where("assignment_id", "=", id)
      .execute();
    await change.getByText("良好", { exact: true }).click();
    await change.getByRole("button", { name: /确\s*定/ }).click();
    await change
      .getByRole("alert")
      .getByText("该评价已被他人修改，已载入最新评价，请核对后重新提交")
      .waitFor();
    await expect.poll(() => card.getByTestId("quality-level").textContent()).toBe("一般");
    // Saved again, it names the version now read.
    await change.getByRole("button", { name: /确\s*定/ }).click();
    await p.getByText("质量评价已保存").waitFor();
    await expect.poll(() => card.getByTestId("quality-level").textContent()).toBe("良好");

    const d = pages.department;
    await d.goto(url);
    const seen = d.getByTestId("quality-rating");
    await seen.getByTestId("quality-level").waitFor();
    expect(await seen.getByTestId("quality-level").textContent()).toBe("良好");
    expect(await seen.getByTestId("quality-reason").textContent()).toBe(`评价理由：${reason}`);
    expect(await seen.getByRole("button").count()).toBe(0);
    expect(await seriousViolations(d)).toEqual([]);
  });
});
