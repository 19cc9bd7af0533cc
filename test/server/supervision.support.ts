import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { systemContext } from "../../src/app/context.js";
import { ingestReport } from "../../src/app/ingestReport.js";
import type { Dialect } from "../../src/db/database.js";
import type { Role } from "../../src/db/schema.js";
import { buildServer } from "../../src/server/app.js";
import { ServerConfig } from "../../src/server/config.js";
import { freshDb, type TestDb } from "../support/db.js";

/** Shared set-up of the supervision tests (departments, assignments, progress, audit). */
export const SAMPLE = resolve(import.meta.dirname, "../../samples/示例县2025年政府工作报告.txt");

export interface World {
  db: TestDb;
  app: FastifyInstance;
  /** Region of the ingested sample report (示例县) and a second, unrelated region. */
  regionId: string;
  otherRegionId: string;
  reportId: string;
  /** Task ids of the sample report, in text order. */
  taskIds: string[];
  close(): Promise<void>;
}

let seq = 0;

export async function setupWorld(dialect: Dialect, opts: { maxUploadBytes?: number } = {}): Promise<World> {
  const db = await freshDb(dialect);
  const r = await ingestReport(systemContext(db, SYSTEM_ACTOR), {
    bytes: readFileSync(SAMPLE),
    path: "示例县2025年政府工作报告.txt",
  });
  const report = await db.kysely
    .selectFrom("reports")
    .select(["id", "region_id"])
    .where("id", "=", r.reportId)
    .executeTakeFirstOrThrow();
  if (!report.region_id) throw new Error("the sample report has no region");
  const tasks = await db.kysely
    .selectFrom("tasks")
    .select("id")
    .where("report_id", "=", r.reportId)
    .orderBy("start_pos")
    .execute();
  const otherRegionId = `region-other-${seq++}`;
  await db.kysely
    .insertInto("regions")
    .values({
      id: otherRegionId,
      name: "别的县",
      level: "county",
      parent_id: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  const app = await buildServer({
    db,
    config: ServerConfig.parse(opts.maxUploadBytes ? { maxUploadBytes: opts.maxUploadBytes } : {}),
  });
  return {
    db,
    app,
    regionId: report.region_id,
    otherRegionId,
    reportId: r.reportId,
    taskIds: tasks.map((t) => t.id),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export interface TestUser {
  id: string;
  token: string;
}

/** A user with an API token, written straight into the database. */
export async function addUser(
  db: TestDb,
  role: Role,
  opts: { regionId?: string | null; departmentId?: string | null } = {},
): Promise<TestUser> {
  const id = `u-${role}-${seq++}-${randomBytes(3).toString("hex")}`;
  const token = randomBytes(24).toString("hex");
  const now = new Date().toISOString();
  await db.kysely
    .insertInto("users")
    .values({
      id,
      username: id,
      display_name: `${role} ${id}`,
      password_hash: "not-a-hash",
      role,
      region_id: opts.regionId ?? null,
      department_id: opts.departmentId ?? null,
      created_at: now,
    })
    .execute();
  await db.kysely
    .insertInto("api_tokens")
    .values({
      id: `t-${id}`,
      user_id: id,
      name: "test",
      token_hash: createHash("sha256").update(token).digest("hex"),
      created_at: now,
    })
    .execute();
  return { id, token };
}

export type Call = (
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
) => Promise<LightMyRequestResponse>;

/** Calls the API as `user` (JSON bodies). */
export function as(app: FastifyInstance, user: TestUser | null): Call {
  return (method, url, body) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: user ? { authorization: `Bearer ${user.token}` } : {},
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
}

/** A multipart/form-data body with text fields and files. */
export function multipart(
  fields: Record<string, string>,
  files: { field: string; name: string; mime: string; bytes: Buffer }[],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----duban${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.mime}\r\n\r\n`,
      ),
    );
    parts.push(f.bytes, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** Audit entries written for an entity, oldest first. */
export async function auditOf(db: TestDb, entityType: string, entityId?: string) {
  let q = db.kysely.selectFrom("audit_log").selectAll().where("entity_type", "=", entityType);
  if (entityId) q = q.where("entity_id", "=", entityId);
  return q.orderBy("id").execute();
}
