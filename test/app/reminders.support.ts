import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import type { AppContext } from "../../src/app/context.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import type { Dialect } from "../../src/db/database.js";
import { newId } from "../../src/db/ids.js";
import type { Role } from "../../src/db/schema.js";
import { SAMPLE } from "../server/supervision.support.js";
import { freshDb, type TestDb } from "../support/db.js";

/** A clock tests move by hand; `local` times are Asia/Shanghai. */
export class FakeClock {
  private t: number;
  constructor(local: string) {
    this.t = sh(local).getTime();
  }
  now = (): Date => new Date(this.t);
  set(local: string): void {
    this.t = sh(local).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** An instant given in Asia/Shanghai local time ("2026-03-04T09:00:00"). */
export function sh(local: string): Date {
  return new Date(`${local}+08:00`);
}

export function systemCtx(db: TestDb, clock: FakeClock): AppContext {
  return { db, actor: SYSTEM_ACTOR, now: clock.now };
}

export interface Reminded {
  db: TestDb;
  regionId: string;
  taskIds: string[];
  close(): Promise<void>;
}

/** A fresh ledger with the sample report ingested: its region and tasks. */
export async function ledgerWithSample(dialect: Dialect): Promise<Reminded> {
  const db = await freshDb(dialect);
  const r = await ingestReport(
    { db, actor: SYSTEM_ACTOR, now: () => new Date() },
    { bytes: readFileSync(SAMPLE), path: "示例县2025年政府工作报告.txt" },
  );
  const report = await db.kysely
    .selectFrom("reports")
    .select("region_id")
    .where("id", "=", r.reportId)
    .executeTakeFirstOrThrow();
  const tasks = await db.kysely
    .selectFrom("tasks")
    .select("id")
    .where("report_id", "=", r.reportId)
    .orderBy("start_pos")
    .execute();
  return {
    db,
    regionId: report.region_id as string,
    taskIds: tasks.map((t) => t.id),
    close: () => db.drop(),
  };
}

let seq = 0;

export async function addDepartment(db: TestDb, regionId: string, name: string): Promise<string> {
  const id = `dept-${seq++}-${newId()}`;
  await db.kysely
    .insertInto("departments")
    .values({ id, region_id: regionId, name, short_name: null, created_at: new Date().toISOString() })
    .execute();
  return id;
}

export async function addPerson(
  db: TestDb,
  role: Role,
  opts: { regionId?: string | null; departmentId?: string | null; email?: string | null; name?: string } = {},
): Promise<string> {
  const id = `u-${role}-${seq++}-${newId()}`;
  await db.kysely
    .insertInto("users")
    .values({
      id,
      username: id,
      display_name: opts.name ?? id,
      password_hash: "not-a-hash",
      role,
      region_id: opts.regionId ?? null,
      department_id: opts.departmentId ?? null,
      email: opts.email ?? null,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

export async function setHead(db: TestDb, departmentId: string, userId: string): Promise<void> {
  await db.kysely
    .updateTable("departments")
    .set({ head_user_id: userId })
    .where("id", "=", departmentId)
    .execute();
}

// ── a local robot webhook ──

export interface WebhookRequest {
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  /** For a signed DingTalk call: whether the sign matched the secret the server knows. */
  signOk: boolean | null;
}

export interface Webhook {
  url: string;
  requests: WebhookRequest[];
  /** Statuses to answer, in order; after the list runs out, 200. */
  script: number[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A robot webhook on loopback: answers each call with the next status of `script` (then 200), records it,
 * and — given the DingTalk secret — checks the signature as DingTalk does, refusing a bad one (errcode 310000).
 */
export async function startWebhook(opts: { secret?: string } = {}): Promise<Webhook> {
  const requests: WebhookRequest[] = [];
  const script: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    let signOk: boolean | null = null;
    if (opts.secret) {
      const timestamp = url.searchParams.get("timestamp") ?? "";
      const expected = createHmac("sha256", opts.secret)
        .update(`${timestamp}\n${opts.secret}`)
        .digest("base64");
      // URLSearchParams has already undone the URL-encoding of the sign.
      signOk = url.searchParams.get("sign") === expected && /^\d{13}$/.test(timestamp);
    }
    const status = script.shift() ?? 200;
    requests.push({
      path: url.pathname,
      query: url.searchParams,
      body: JSON.parse(raw || "null"),
      status,
      signOk,
    });
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    if (signOk === false) res.end(JSON.stringify({ errcode: 310000, errmsg: "sign not match" }));
    else
      res.end(
        JSON.stringify(status === 200 ? { errcode: 0, errmsg: "ok" } : { errcode: -1, errmsg: "busy" }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/robot/send?access_token=test`,
    requests,
    script,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ── a local SMTP server ──

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The X-Duban-Reminder header. */
  reminderId: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= / ?Q?) in a header. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _cs: string, enc: string, data: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : Buffer.from(
            data
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/quoted-printable/i.test(encoding))
    return Buffer.from(
      body
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  return body;
}

/** Headers and body of a single-part message, decoded. */
export function parseMail(raw: string): { subject: string; text: string; reminderId: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1] ?? "";
  return {
    subject: decodeHeader(header("Subject")),
    reminderId: header("X-Duban-Reminder").trim(),
    text: decodeBody(body, header("Content-Transfer-Encoding")).replace(/\r\n/g, "\n").trimEnd(),
  };
}

export interface Smtp {
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtp(): Promise<Smtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const { subject, text, reminderId } = parseMail(Buffer.concat(chunks).toString("utf8"));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject,
          text,
          reminderId,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
