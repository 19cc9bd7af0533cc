import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import { systemContext } from "../../src/app/context.js";
import { ensureFirstAdmin } from "../../src/app/users/firstAdmin.js";
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

/** Builds the web app into `outDir` with the repository's Vite (dist/web is left alone). */
async function viteBuild(outDir: string): Promise<void> {
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

/** A digest of everything the web build reads, so a build is reused only while its sources are unchanged. */
function webSourceDigest(): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of ["web", "src/contract"]) walk(join(ROOT, dir));
  hash.update(readFileSync(join(ROOT, "package-lock.json")));
  return hash.digest("hex").slice(0, 16);
}

/**
 * The built web app for the browser tests. Test files run in parallel workers and would each spend half a
 * minute building the same app, so the first one builds into a folder named by the sources' digest and the
 * others wait for it (a mkdir lock) and reuse it.
 */
async function builtWeb(): Promise<string> {
  const dir = join(tmpdir(), `duban-e2e-web-${webSourceDigest()}`);
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(join(dir, "index.html"))) return dir;
    try {
      mkdirSync(lock);
    } catch {
      // Another worker is building; a lock older than five minutes belongs to a worker that died.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      const staging = `${dir}.${process.pid}`;
      await viteBuild(staging);
      renameSync(staging, dir);
      return dir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** Everything the browser tests need; `close()` stops them all, whatever got started. */
export async function startWebEnv(): Promise<WebEnv> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set DUBAN_CHROMIUM)`);
  const started: Partial<WebEnv> = {};
  const close = async () => {
    await started.browser?.close().catch(() => {});
    await started.app?.close().catch(() => {});
    await started.db?.drop().catch(() => {});
  };
  try {
    const [outDir, db, browser] = await Promise.all([
      builtWeb(),
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
    // The admin comes from what the first start of `duban serve` runs on an empty ledger.
    const admin = await ensureFirstAdmin(systemContext(db), ADMIN);
    if (!admin) throw new Error("the fresh ledger already had an account");
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

/**
 * Signs in through the sign-in page, as the admin unless another account is given, and waits for `landing`
 * (a path), or for any page but 登录 when it is null.
 */
export async function signIn(
  page: Page,
  base: string,
  user: { username: string; password: string } = ADMIN,
  landing: string | null = "/reports",
): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名").fill(user.username);
  await page.getByLabel("密码").fill(user.password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  if (landing === null) await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  else await page.waitForURL(`${base}${landing}`);
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
  // A dialog or toast still fading in (or out) has partial opacity, and axe would measure that colour.
  await settleAnimations(page);
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

/** Waits (up to 5 s, then goes on) until no finite CSS animation or transition is running; spinners loop forever and are left alone. */
export async function settleAnimations(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every(
            (a) =>
              a.playState !== "running" ||
              a.effect?.getComputedTiming().iterations === Number.POSITIVE_INFINITY,
          ),
      undefined,
      { timeout: 5_000, polling: 100 },
    )
    // A page that never settles is scanned as it is: axe's answer then says what was on screen.
    .catch(() => undefined);
  // rc-motion swaps its classes one frame after the animation ends.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
