import type { ApiToken, CreatedApiToken } from "../../contract/api/users.js";
import { errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import {
  type ApiTokenInfo,
  countActiveApiTokens,
  getApiToken,
  insertApiToken,
  listApiTokens as listTokenRows,
  revokeApiTokenRow,
} from "../../db/repos/apiTokens.js";
import { getUser } from "../../db/repos/users.js";
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { ALL_ROLES } from "../users/view.js";
import { hashToken, newApiTokenSecret } from "./tokens.js";

/** More live tokens than this per user is a leak waiting to happen. */
export const MAX_ACTIVE_TOKENS = 50;

function toView(t: ApiTokenInfo): ApiToken {
  return {
    id: t.id,
    userId: t.user_id,
    name: t.name,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  };
}

/** Tokens belong to their owner; admins manage everyone's. The user must exist (404 first). */
async function ownerOrAdmin(ctx: AppContext, userId: string): Promise<Actor> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  if (!(await getUser(ctx.db.kysely, userId))) throw errors.notFound("user", userId);
  if (actor.id !== userId && actor.role !== "admin")
    throw errors.forbidden("API tokens are managed by their owner or an admin");
  return actor;
}

/** A new API token for `userId`. The secret is returned here once; only its sha256 is stored. */
export async function createApiToken(
  ctx: AppContext,
  userId: string,
  name: string,
): Promise<CreatedApiToken> {
  await ownerOrAdmin(ctx, userId);
  const trimmed = name.trim();
  if (!trimmed) throw errors.invalid("name", "must not be empty", "不能为空");
  if ((await countActiveApiTokens(ctx.db.kysely, userId)) >= MAX_ACTIVE_TOKENS)
    throw errors.invalid(
      "name",
      `at most ${MAX_ACTIVE_TOKENS} active tokens per user; revoke one first`,
      `每个用户最多 ${MAX_ACTIVE_TOKENS} 个有效令牌，请先吊销不用的令牌`,
    );
  const token = newApiTokenSecret();
  const id = newId();
  const createdAt = ctx.now().toISOString();
  await inTransaction(ctx, async (tx, audit) => {
    await insertApiToken(tx, { id, userId, name: trimmed, tokenHash: hashToken(token), createdAt });
    await audit({
      action: "token.create",
      entityType: "api_token",
      entityId: id,
      after: { userId, name: trimmed },
    });
  });
  return { id, userId, name: trimmed, createdAt, lastUsedAt: null, revokedAt: null, token };
}

export async function listApiTokens(ctx: AppContext, userId: string): Promise<ApiToken[]> {
  await ownerOrAdmin(ctx, userId);
  return (await listTokenRows(ctx.db.kysely, userId)).map(toView);
}

/** Revokes a token at once (the next request with it gets 401). Revoking a revoked token changes nothing. */
export async function revokeApiToken(ctx: AppContext, userId: string, tokenId: string): Promise<ApiToken> {
  await ownerOrAdmin(ctx, userId);
  const row = await getApiToken(ctx.db.kysely, userId, tokenId);
  if (!row) throw errors.notFound("API token", tokenId);
  if (row.revoked_at) return toView(row);
  const at = ctx.now().toISOString();
  return inTransaction(ctx, async (tx, audit) => {
    if (!(await revokeApiTokenRow(tx, tokenId, at))) return toView(row);
    await audit({
      action: "token.revoke",
      entityType: "api_token",
      entityId: tokenId,
      before: { userId, name: row.name, revokedAt: null },
      after: { userId, name: row.name, revokedAt: at },
    });
    return toView({ ...row, revoked_at: at });
  });
}
