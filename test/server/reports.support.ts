import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { newId } from "../../src/db/ids.js";
import type { Role } from "../../src/db/schema.js";
import { buildServer } from "../../src/server/app.js";
import { hashToken } from "../../src/server/auth/plugin.js";
import { ServerConfig } from "../../src/server/config.js";
import type { TestDb } from "../support/db.js";

/** Test helpers of the reports/facts/indicators/tasks API: users with tokens, uploads, sample reports. */

export const SAMPLE = readFileSync(
  resolve(import.meta.dirname, "../../samples/示例县2025年政府工作报告.txt"),
);

/** A second report: another region and one year later, so filters have something to tell apart. */
export const SAMPLE2 = Buffer.from(
  SAMPLE.toString("utf8")
    .replaceAll("示例县", "样例市")
    .replaceAll("县", "市")
    .replaceAll("2025", "2026")
    .replaceAll("2024", "2025"),
  "utf8",
);

export const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus");

/** A corpus file's bytes, or undefined (with a visible warning) when the corpus is absent. */
export function corpusFile(name: string): Buffer | undefined {
  const path = join(CORPUS, name);
  if (!existsSync(path)) {
    console.warn(`SKIPPED corpus test: ${path} is absent`);
    return undefined;
  }
  return readFileSync(path);
}

/** Adds a user and an API token for it directly in the database; returns the Authorization header. */
export async function userWithToken(
  db: TestDb,
  role: Role,
  regionId: string | null = null,
  displayName = `${role} user`,
): Promise<{ id: string; auth: { authorization: string } }> {
  const id = newId();
  const now = new Date().toISOString();
  await db.kysely
    .insertInto("users")
    .values({
      id,
      username: `u${id}`,
      display_name: displayName,
      password_hash: "-",
      role,
      region_id: regionId,
      department_id: null,
      created_at: now,
    })
    .execute();
  const token = `tok-${newId()}`;
  await db.kysely
    .insertInto("api_tokens")
    .values({ id: newId(), user_id: id, name: "test", token_hash: hashToken(token), created_at: now })
    .execute();
  return { id, auth: { authorization: `Bearer ${token}` } };
}

export async function server(db: TestDb, config: Partial<ServerConfig> = {}): Promise<FastifyInstance> {
  return buildServer({ db, config: ServerConfig.parse(config) });
}

/** A multipart/form-data body with one part per file. */
export function multipart(files: Array<{ name: string; content: Buffer }>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----duban${newId()}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        "utf8",
      ),
      f.content,
      Buffer.from("\r\n", "utf8"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`, "utf8"));
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export async function upload(
  app: FastifyInstance,
  auth: Record<string, string>,
  files: Array<{ name: string; content: Buffer }>,
) {
  const body = multipart(files);
  return app.inject({
    method: "POST",
    url: "/api/v1/reports",
    payload: body.payload,
    headers: { ...body.headers, ...auth },
  });
}

export async function auditCount(db: TestDb, action: string, entityId?: string): Promise<number> {
  let q = db.kysely.selectFrom("audit_log").select("id").where("action", "=", action);
  if (entityId !== undefined) q = q.where("entity_id", "=", entityId);
  return (await q.execute()).length;
}
