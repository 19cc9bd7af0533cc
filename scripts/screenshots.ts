/**
 * `npm run screenshots`: the README's pictures. Seeds a demo ledger from samples/ (departments, a supervisor and
 * a department clerk, assignments with deadlines around today, progress), serves the built web app, and saves
 * PNGs of the main pages into docs/screenshots/. Needs dist/web (the npm script builds it), Chromium
 * (/usr/bin/chromium or DUBAN_CHROMIUM) and a CJK font (Debian: fonts-noto-cjk).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";
import { resolveActor, SYSTEM_ACTOR } from "../src/app/actor.js";
import { bulkAssign } from "../src/app/assignments/assignments.js";
import { systemContext } from "../src/app/context.js";
import { createDepartment } from "../src/app/departments/departments.js";
import { ingestReport } from "../src/app/ingestReport.js";
import { submitProgress } from "../src/app/progress/progress.js";
import { createUser } from "../src/app/users/createUser.js";
import { openDatabase } from "../src/db/database.js";
import { buildServer } from "../src/server/app.js";
import { ServerConfig } from "../src/server/config.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const webRoot = join(root, "dist/web");
const out = join(root, "docs/screenshots");
const CHROMIUM = process.env.DUBAN_CHROMIUM ?? "/usr/bin/chromium";
const PASSWORD = "demo password 2026";
const USERS = {
  admin: { username: "admin", displayName: "系统管理员" },
  supervisor: { username: "duchashi", displayName: "县政府督查室" },
  clerk: { username: "fagaiju", displayName: "县发改局 王填报" },
};

function day(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

async function seed(dbPath: string) {
  const db = await openDatabase({ dialect: "sqlite", path: dbPath });
  const ctx = systemContext(db, SYSTEM_ACTOR);
  const samples = readdirSync(join(root, "samples")).filter((f) => /\.(txt|html?|docx|pdf)$/i.test(f));
  const reports = [];
  for (const f of samples)
    reports.push(await ingestReport(ctx, { bytes: readFileSync(join(root, "samples", f)), path: f }));
  const reportId = reports[0]?.reportId;
  if (!reportId) throw new Error("no report in samples/");
  const tasks = await db.kysely
    .selectFrom("tasks")
    .select(["id", "region_id"])
    .where("report_id", "=", reportId)
    .orderBy("start_pos")
    .execute();
  const regionId = tasks[0]?.region_id as string;
  const dep: Record<string, string> = {};
  for (const [name, short] of [
    ["县发展和改革局", "县发改局"],
    ["县财政局", null],
    ["县工业和信息化局", "县工信局"],
    ["县住房和城乡建设局", "县住建局"],
    ["县交通运输局", "县交通局"],
    ["县农业农村局", "县农业局"],
    ["县教育局", null],
    ["县卫生健康局", "县卫健局"],
  ] as const)
    dep[short ?? name] = (await createDepartment(ctx, { regionId, name, shortName: short })).id;
  await createUser(ctx, { ...USERS.admin, password: PASSWORD, role: "admin" });
  await createUser(ctx, { ...USERS.supervisor, password: PASSWORD, role: "supervisor", regionId });
  const clerk = await createUser(ctx, {
    ...USERS.clerk,
    password: PASSWORD,
    role: "department",
    departmentId: dep.县发改局,
  });

  // The plan's tasks, shared out as a 督查室 would: a few left to assign, deadlines around today.
  const plan: [number[], string, string[], string | null][] = [
    [[4, 5, 6], "县工信局", ["县发改局"], day(-12)],
    [[7, 8, 9], "县发改局", ["县财政局", "县住建局"], day(9)],
    [[10, 11, 12], "县农业局", ["县交通局"], day(40)],
    [[13, 14, 15], "县住建局", ["县发改局"], day(5)],
    [[16], "县发改局", [], day(-3)],
    [[17, 18, 19], "县卫健局", ["县教育局"], day(75)],
    [[20, 21], "县住建局", ["县农业局"], day(120)],
  ];
  const assigned: Record<number, string> = {};
  for (const [idx, lead, co, deadline] of plan) {
    const items = await bulkAssign(ctx, {
      taskIds: idx.flatMap((i) => (tasks[i] ? [tasks[i].id] : [])),
      leadDepartmentId: dep[lead] as string,
      coDepartmentIds: co.map((c) => dep[c] as string),
      deadline,
    });
    items.forEach((a, k) => {
      assigned[idx[k] as number] = a.id;
    });
  }
  const row = await db.kysely
    .selectFrom("users")
    .selectAll()
    .where("id", "=", clerk.id)
    .executeTakeFirstOrThrow();
  const clerkCtx = { ...ctx, actor: await resolveActor(db.kysely, row) };
  const progress: [number, number, string][] = [
    [7, 60, "项目已完成立项和可研批复，正在开展施工招标。"],
    [8, 35, "已完成征地拆迁摸底，补偿方案报县政府审定。"],
    [16, 80, "主体工程完工，正在组织竣工验收。"],
    [4, 45, "新增规上企业 14 家，另有 9 家进入培育库。"],
  ];
  for (const [i, percent, text] of progress) {
    const id = assigned[i];
    if (id)
      await submitProgress(
        clerkCtx,
        id,
        {
          percent,
          text,
          files: [{ name: "进展佐证.pdf", mime: "application/pdf", bytes: Buffer.from(`%PDF-1.4 ${text}`) }],
        },
        { maxFileBytes: 10 * 1024 * 1024 },
      ).catch((err) => process.stderr.write(`warning: progress on task ${i + 1} not recorded: ${err}\n`));
  }
  return { db, reportId, assignedId: assigned[7] as string };
}

async function signIn(page: Page, base: string, username: string, landing: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL(`${base}${landing}`);
}

async function shot(page: Page, name: string) {
  await page.waitForLoadState("networkidle");
  // Charts animate in; AntD fades in rows.
  await page.waitForTimeout(900);
  await page.screenshot({ path: join(out, `${name}.png`) });
  process.stderr.write(`  docs/screenshots/${name}.png\n`);
}

async function main() {
  if (!existsSync(join(webRoot, "index.html")))
    throw new Error("dist/web is missing: npm run build:web first");
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set DUBAN_CHROMIUM)`);
  try {
    if (!/Noto (Sans|Serif) CJK/.test(execFileSync("fc-list", { encoding: "utf8" })))
      process.stderr.write(
        "warning: no Noto CJK font (apt-get install fonts-noto-cjk); Chinese may not render\n",
      );
  } catch {
    // no fontconfig: Chromium will say so in the pictures
  }
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "duban-shots-"));
  const { db, reportId, assignedId } = await seed(join(dir, "demo.sqlite"));
  const server = await buildServer({ db, config: ServerConfig.parse({}), webRoot });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--no-first-run"],
  });
  try {
    await server.listen({ port: 0, host: "127.0.0.1" });
    const address = server.server.address();
    if (!address || typeof address === "string") throw new Error("no server address");
    const base = `http://127.0.0.1:${address.port}`;
    const view = { locale: "zh-CN", viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 };
    const rid = encodeURIComponent(reportId);

    const admin = await (await browser.newContext(view)).newPage();
    await signIn(admin, base, USERS.admin.username, "/reports");
    await shot(admin, "reports");
    await admin.goto(`${base}/reports/${rid}`);
    await admin.getByTestId("report-text").waitFor();
    await admin.locator(".fact[data-fact-id]").nth(3).click();
    await admin.getByTestId("fact-panel").waitFor();
    await shot(admin, "reader");
    await admin.goto(`${base}/reports/${rid}/tasks`);
    await admin.getByTestId("decomposition-table").locator("tr[data-task-id]").first().waitFor();
    await shot(admin, "decomposition");
    await admin.goto(`${base}/targets`);
    await shot(admin, "targets");

    const clerk = await (await browser.newContext(view)).newPage();
    await signIn(clerk, base, USERS.clerk.username, "/my-tasks");
    await clerk.getByTestId("my-tasks-table").locator(".ant-table-row").first().waitFor();
    await shot(clerk, "my-tasks");

    const sup = await (
      await browser.newContext({ ...view, viewport: { width: 1440, height: 1100 } })
    ).newPage();
    await signIn(sup, base, USERS.supervisor.username, "/dashboard");
    await sup.getByTestId("status-chart").locator("canvas").waitFor();
    await shot(sup, "dashboard");
    await sup.goto(`${base}/assignments/${encodeURIComponent(assignedId)}`);
    await sup.getByTestId("assignment-detail").waitFor();
    await shot(sup, "assignment");
  } finally {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
    await db.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
