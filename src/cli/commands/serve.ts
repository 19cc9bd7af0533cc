import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Command, InvalidArgumentError } from "commander";
import type { FirstAdmin } from "../../app/users/firstAdmin.js";
import { DubanError, ErrorCode } from "../../core/errors.js";
import type { CliContext } from "../context.js";
import { writeStdout } from "../output.js";

/** Where each server setting comes from, to name it in an error. */
const SETTING_ENV: Record<string, string> = {
  host: "DUBAN_HOST (--host)",
  port: "DUBAN_PORT (--port)",
  maxUploadBytes: "DUBAN_MAX_UPLOAD_MB",
  scheduler: "DUBAN_SCHEDULER (on|off)",
  schedulerIntervalSeconds: "DUBAN_SCHEDULER_INTERVAL (seconds)",
  smtpUrl: "DUBAN_SMTP_URL",
  publicUrl: "DUBAN_PUBLIC_URL",
};

interface ServeOptions {
  port?: number;
  host?: string;
}

function parsePort(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("must be a port number from 0 to 65535.");
  return n;
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command("serve")
    .description("run the HTTP server (API, docs, and the web app when built) on the ledger")
    .option(
      "-p, --port <n>",
      "port to listen on (default: DUBAN_PORT or 8080; 0 picks a free one)",
      parsePort,
    )
    .option("--host <host>", "address to listen on (default: DUBAN_HOST or 127.0.0.1)")
    .addHelpText(
      "after",
      `
Environment: DUBAN_HOST, DUBAN_PORT, DUBAN_MAX_UPLOAD_MB, DUBAN_PUBLIC, DUBAN_SECURE_COOKIES; flags override.
Reminders: DUBAN_SCHEDULER=on|off (default on), DUBAN_SCHEDULER_INTERVAL (seconds, default 60),
DUBAN_SMTP_URL (smtp://user:pass@host:587) and DUBAN_MAIL_FROM for e-mail, DUBAN_PUBLIC_URL for links.
On a ledger with no account, the first start creates the admin "admin" and prints its password once
(DUBAN_ADMIN_PASSWORD sets it instead).
Sessions live in the database, so several servers on one PostgreSQL database serve the same users.
SIGINT or SIGTERM stops the server cleanly: it stops accepting, finishes requests, then closes the database.

Exit codes: 0 stopped by a signal, 1 could not start (database, port in use), 2 invalid setting.`,
    )
    .action(async (opts: ServeOptions, cmd: Command) => {
      ctx.exitCode = await runServe(opts, ctx, cmd);
    });
}

/** The built web app: dist/web beside dist/cli (compiled), or the repository's dist/web (run from source). */
function findWebRoot(): string | null {
  const here = fileURLToPath(new URL(".", import.meta.url));
  for (const dir of [join(here, "../../web"), join(here, "../../../dist/web")])
    if (existsSync(join(dir, "index.html"))) return dir;
  return null;
}

async function runServe(opts: ServeOptions, ctx: CliContext, cmd: Command): Promise<number> {
  const { serverConfigFromEnv } = await import("../../server/config.js");
  let config: ReturnType<typeof serverConfigFromEnv>;
  try {
    config = serverConfigFromEnv(process.env, {
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.host !== undefined ? { host: opts.host } : {}),
    });
  } catch (err) {
    const message = (err as Error).message;
    const setting = /setting (\w+)/.exec(message)?.[1];
    const env = setting && SETTING_ENV[setting];
    throw new DubanError(ErrorCode.InvalidArgument, message, "服务器配置无效", env ? { target: env } : {});
  }
  const { dbFlag, openTarget, resolveTarget } = await import("../database.js");
  const db = await openTarget(resolveTarget(ctx, dbFlag(cmd)));
  const { buildServer } = await import("../../server/app.js");
  const { ensureFirstAdmin } = await import("../../app/users/firstAdmin.js");
  const { systemContext } = await import("../../app/context.js");
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  let firstAdmin: FirstAdmin | null = null;
  const webRoot = findWebRoot();
  try {
    // A fresh ledger gets its first admin, so the first start leads straight to a sign-in.
    firstAdmin = await ensureFirstAdmin(systemContext(db), {
      password: process.env.DUBAN_ADMIN_PASSWORD || undefined,
    });
    app = await buildServer({ db, config, logger: ctx.debug, webRoot });
    if (config.scheduler === "on") {
      const { attachScheduler } = await import("../../server/scheduler.js");
      attachScheduler(app, { db, config });
    }
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
        const why: Record<string, [string, string]> = {
          EADDRINUSE: ["is in use", "已被占用"],
          EACCES: ["needs privileges", "需要更高权限"],
          EADDRNOTAVAIL: ["is not an address of this machine", "不是本机地址"],
        };
        const [en, zh] = why[code] as [string, string];
        throw new DubanError(
          ErrorCode.Internal,
          `cannot listen on ${config.host}:${config.port}: the address ${en}`,
          `无法监听 ${config.host}:${config.port}：地址${zh}`,
          {},
          err,
        );
      }
      throw err;
    }
  } catch (err) {
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    throw err;
  }

  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const base = `http://${host}:${address.port}`;
  await writeStdout(
    `duban serving ${base} (${db.dialect} ${db.location})\n  health: ${base}/api/health\n  docs:   ${base}/api/docs\n${webRoot ? `  web:    ${base}/\n` : ""}`,
  );
  if (firstAdmin)
    await writeStdout(
      firstAdmin.generated
        ? `\n首次启动：已创建管理员账号（first start: admin account created）\n  用户名 username: ${firstAdmin.username}\n  密码 password:   ${firstAdmin.password}\n  登录 sign in:    ${base}/login\n  此密码只显示这一次，登录后请在“修改密码”中更改。(Shown once: change it after signing in.)\n`
        : `\n首次启动：已创建管理员账号 ${firstAdmin.username}，密码为 DUBAN_ADMIN_PASSWORD 所设。登录：${base}/login\n`,
    );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  // A second signal while closing means "now".
  const force = () => process.exit(1);
  process.once("SIGINT", force);
  process.once("SIGTERM", force);
  process.stderr.write(`duban: ${signal}: shutting down (正在停止)\n`);
  try {
    await app.close();
  } finally {
    await db.close();
  }
  ctx.log.debug({ signal }, "stopped");
  return 0;
}
