import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { SYSTEM_ACTOR } from "../src/app/actor.js";
import { systemContext } from "../src/app/context.js";
import { ingestReport } from "../src/app/ingestReport.js";
import { createUser } from "../src/app/users/createUser.js";
import { openDatabase } from "../src/db/database.js";
import { buildServer } from "../src/server/app.js";
import { ServerConfig } from "../src/server/config.js";
import { factReport } from "./bench-web.seed.js";
const dir = mkdtempSync(join(tmpdir(), "diag-"));
const db = await openDatabase({ dialect: "sqlite", path: join(dir, "d.sqlite") });
const ctx = systemContext(db, SYSTEM_ACTOR);
await createUser(ctx, { username: "bench", password: "bench web password", role: "admin" });
const r = await ingestReport(ctx, { bytes: Buffer.from(factReport(1000)), path: "a.txt" });
const server = await buildServer({ db, config: ServerConfig.parse({}), webRoot: "/work/main/dist/web" });
await server.listen({ port: 0, host: "127.0.0.1" });
const port = (server.server.address() as { port: number }).port;
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 3; i++) { const t0 = Date.now(); await fetch(`${base}/api/v1/health`).catch(()=>{}); }
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
await context.addInitScript({ content: "globalThis.__name = (f) => f;" });
const p = await context.newPage();
await p.goto(`${base}/login`);
await p.getByLabel("用户名").fill("bench");
await p.getByLabel("密码").fill("bench web password");
await p.getByRole("button", { name: /登\s*录/ }).click();
await p.waitForURL(`${base}/reports`);
const cookies = await context.cookies();
const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/reports/${r.reportId}?include=body`, { headers: { cookie } });
  const txt = await res.text();
  console.log("api report", res.status, txt.length, (performance.now() - t0).toFixed(0), "ms");
}
{
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await page.goto(`${base}/reports/${r.reportId}`);
  await page.locator("[data-testid=report-text] .fact").first().waitFor();
  await page.waitForTimeout(300);
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const total = profile.samples?.length ?? 0;
  const counts = new Map<number, number>();
  for (const s of profile.samples ?? []) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const [id, c] of counts) {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace(/^.*\//, "")}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + c);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  const ms = (profile.endTime - profile.startTime) / 1000;
  console.log(`profile ${ms.toFixed(0)} ms, ${total} samples`);
  for (const [k, c] of top) console.log(`${((c / total) * ms).toFixed(0).padStart(6)} ms  ${k}`);
  // by url
  const byUrl = new Map<string, number>();
  for (const [id, c] of counts) { const n = byId.get(id)!; const u = n.callFrame.url.replace(/^.*\//, "") || n.callFrame.functionName; byUrl.set(u, (byUrl.get(u) ?? 0) + c); }
  console.log([...byUrl.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([u, c]) => `${u} ${((c / total) * ms).toFixed(0)}ms`).join("\n"));
}
await browser.close();
await server.close();
await db.close();
