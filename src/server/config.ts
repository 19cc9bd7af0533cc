import { z } from "zod";

/** Server settings, parsed once at start-up; an invalid value stops the process with a clear message. */
export const ServerConfig = z.object({
  host: z.string().default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Largest request body (report uploads, evidence files), in bytes. */
  maxUploadBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  /** Serve published reports and targets without login, read-only. */
  publicReadOnly: z.coerce.boolean().default(false),
  /** Proxy addresses whose X-Forwarded-For is believed (e.g. "127.0.0.1"); none by default. */
  trustProxy: z.union([z.boolean(), z.string()]).default(false),
  /** Cookies marked Secure (behind HTTPS). */
  secureCookies: z.coerce.boolean().default(false),
  sessionTtlHours: z.coerce.number().positive().default(12),
  /** Failed logins before an account is locked, and for how long. */
  maxFailedLogins: z.coerce.number().int().positive().default(5),
  lockoutMinutes: z.coerce.number().positive().default(15),
  /** Login attempts allowed per IP address per minute. */
  loginAttemptsPerMinute: z.coerce.number().int().positive().default(20),
  /** The reminder scheduler (statuses, reminders, escalation) in `duban serve`; tests build servers without it. */
  scheduler: z.enum(["on", "off"]).default("on"),
  schedulerIntervalSeconds: z.coerce.number().int().min(5).max(86_400).default(60),
  /** SMTP server for e-mail reminders (smtp://user:pass@host:587, smtps://…); none: no e-mail. */
  smtpUrl: z.url().nullable().default(null),
  mailFrom: z.string().default("督办系统 <duban@localhost>"),
  /** The web app's public address, for links in e-mail and robot messages (e.g. https://duban.example.gov.cn). */
  publicUrl: z.url().nullable().default(null),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

export function serverConfigFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  const parsed = ServerConfig.safeParse({
    host: env.DUBAN_HOST,
    port: env.DUBAN_PORT,
    maxUploadBytes: env.DUBAN_MAX_UPLOAD_MB ? Number(env.DUBAN_MAX_UPLOAD_MB) * 1024 * 1024 : undefined,
    publicReadOnly: env.DUBAN_PUBLIC === "1" || env.DUBAN_PUBLIC === "true" ? true : undefined,
    trustProxy: env.DUBAN_TRUST_PROXY || undefined,
    secureCookies: env.DUBAN_SECURE_COOKIES === "1" || env.DUBAN_SECURE_COOKIES === "true" ? true : undefined,
    scheduler: env.DUBAN_SCHEDULER || undefined,
    schedulerIntervalSeconds: env.DUBAN_SCHEDULER_INTERVAL || undefined,
    smtpUrl: env.DUBAN_SMTP_URL || undefined,
    mailFrom: env.DUBAN_MAIL_FROM || undefined,
    publicUrl: env.DUBAN_PUBLIC_URL || undefined,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid server setting ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
