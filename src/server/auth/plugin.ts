import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { resolveActor } from "../../app/actor.js";
import { hashToken } from "../../app/auth/tokens.js";
import { DubanError, ErrorCode } from "../../core/errors.js";
import type { Db } from "../../db/database.js";
import { touchApiToken } from "../../db/repos/apiTokens.js";
import type { Role } from "../../db/schema.js";
import type { ServerConfig } from "../config.js";

export const SESSION_COOKIE = "duban_session";
export const CSRF_HEADER = "x-csrf-token";

export { hashToken };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves the actor of every request: an API token (Authorization: Bearer …) or the session cookie,
 * both looked up in the database so any server instance serves any user. Cookie-authenticated requests
 * that change something must carry the session's CSRF token in the X-CSRF-Token header.
 *
 * The route's `config.access` is also enforced here, as soon as the actor is known: before the body is
 * parsed and validated, so a caller without the right gets 401/403 (not a validation error about a body it
 * may not send) and an upload is not read for nobody. The preHandler in app.ts checks the same again.
 */
const plugin: FastifyPluginAsync<{ db: Db; config: ServerConfig; now: () => Date }> = async (
  app,
  { db, now },
) => {
  app.addHook("onRequest", async (req: FastifyRequest) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith("Bearer ")) {
      const row = await db.kysely
        .selectFrom("api_tokens")
        .innerJoin("users", "users.id", "api_tokens.user_id")
        .select([
          "api_tokens.id as token_id",
          "api_tokens.last_used_at",
          "users.id",
          "users.username",
          "users.role",
          "users.region_id",
          "users.department_id",
          "users.disabled",
        ])
        .where("api_tokens.token_hash", "=", hashToken(auth.slice(7).trim()))
        .where("api_tokens.revoked_at", "is", null)
        .executeTakeFirst();
      if (!row || row.disabled)
        throw new DubanError(ErrorCode.Unauthorized, "invalid or revoked API token", "API 令牌无效或已吊销");
      req.actor = await toActor(db, row);
      req.authMethod = "token";
      // Last use is recorded at most once a minute: the common request reads and writes nothing more.
      const current = now();
      if (row.last_used_at === null || row.last_used_at < new Date(current.getTime() - 60_000).toISOString())
        await touchApiToken(db.kysely, row.token_id, current);
      checkAccess(req);
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return checkAccess(req);
    const row = await db.kysely
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select([
        "sessions.csrf_token",
        "sessions.expires_at",
        "users.id",
        "users.username",
        "users.role",
        "users.region_id",
        "users.department_id",
        "users.disabled",
      ])
      .where("sessions.id", "=", hashToken(token))
      .executeTakeFirst();
    if (!row || row.disabled || row.expires_at <= now().toISOString()) return checkAccess(req);
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== row.csrf_token) {
      throw new DubanError(
        ErrorCode.Forbidden,
        "missing or wrong CSRF token (X-CSRF-Token)",
        "缺少或错误的 CSRF 令牌",
      );
    }
    req.actor = await toActor(db, row);
    req.authMethod = "session";
    checkAccess(req);
  });
};

/** The route's access declaration: 401 without an actor, 403 for a role not listed. */
function checkAccess(req: FastifyRequest): void {
  const access = req.routeOptions.config?.access;
  if (!access || access === "public") return;
  if (!req.actor) throw new DubanError(ErrorCode.Unauthorized, "sign in first", "请先登录");
  if (!access.includes(req.actor.role))
    throw new DubanError(ErrorCode.Forbidden, "forbidden: not allowed for your role", "无权执行此操作");
}

/**
 * The request's actor, with the regions it may see resolved once here (its region and every region below,
 * one recursive query for a non-admin with a region), so use cases and repositories test set membership.
 */
function toActor(
  db: Db,
  row: { id: string; username: string; role: string; region_id: string | null; department_id: string | null },
) {
  return resolveActor(db.kysely, { ...row, role: row.role as Role });
}

export const authPlugin = fp(plugin, { name: "duban-auth" });
