import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { systemContext } from "../../src/app/context.js";
import { createUser } from "../../src/app/users/createUser.js";
import { buildServer } from "../../src/server/app.js";
import { ServerConfig } from "../../src/server/config.js";
import { freshDb, type TestDb } from "../support/db.js";

/** Helpers of the browser tests: the built web app, a server on a fresh ledger, Chromium, and axe. */

export const ROOT = resolve(import.meta.dirname, "../..");
export const CHROMIUM = process.env.DUBAN_CHROMIUM ?? "/usr/bin/chromium";
export const ADMIN = { username: "admin", password: "correct horse battery", displayName: "张督查" };
export const SAMPLE_PATH = join(ROOT, "samples/示例县2025年政府工作报告.txt");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface WebEnv {
  base: string;
  app: FastifyInstance;
  db: TestDb;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the web app into a temporary folder (so dist/web is left alone) with the repository's Vite. */
async function buildWeb(outDir: string): Promise<void> {
  const vite = join(ROOT, "node_modules/vite/bin/vite.js");
  await promisify(execFile)(
    process.execPath,
    [
      vite,
      "build",
      "--config",
      "web/vite.config.ts",
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
}

/** Everything the browser tests need; `close()` stops them all, whatever got started. */
export async function startWebEnv(): Promise<WebEnv> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set DUBAN_CHROMIUM)`);
  const outDir = mkdtempSync(join(tmpdir(), "duban-web-"));
  const started: Partial<WebEnv> = {};
  const close = async () => {
    await started.browser?.close().catch(() => {});
    await started.app?.close().catch(() => {});
    await started.db?.drop().catch(() => {});
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    const [, db, browser] = await Promise.all([
      buildWeb(outDir),
      freshDb("sqlite"),
      chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
        ],
      }),
    ]);
    started.db = db;
    started.browser = browser;
    await createUser(systemContext(db, SYSTEM_ACTOR), { ...ADMIN, role: "admin" });
    const app = await buildServer({ db, config: ServerConfig.parse({}), webRoot: outDir });
    started.app = app;
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("no server address");
    return { base: `http://127.0.0.1:${address.port}`, app, db, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Signs in through the sign-in page. */
export async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名").fill(ADMIN.username);
  await page.getByLabel("密码").fill(ADMIN.password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL(`${base}/reports`);
}

/** A session for API calls from the test itself (cookie + CSRF token). */
export async function apiSession(app: FastifyInstance): Promise<Record<string, string>> {
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username: ADMIN.username, password: ADMIN.password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return { cookie, "x-csrf-token": res.json().csrfToken };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe on the page as it is and returns the serious and critical violations, described. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
