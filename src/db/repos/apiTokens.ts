import type { Kysely, Selectable } from "kysely";
import type { ApiTokensTable, Database } from "../schema.js";

type Q = Kysely<Database>;

/** A token as listed: never its hash. */
export type ApiTokenInfo = Omit<Selectable<ApiTokensTable>, "token_hash">;

const COLUMNS = ["id", "user_id", "name", "created_at", "last_used_at", "revoked_at"] as const;

export async function insertApiToken(
  q: Q,
  t: { id: string; userId: string; name: string; tokenHash: string; createdAt: string },
): Promise<void> {
  await q
    .insertInto("api_tokens")
    .values({ id: t.id, user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt })
    .execute();
}

export async function listApiTokens(q: Q, userId: string): Promise<ApiTokenInfo[]> {
  return q.selectFrom("api_tokens").select(COLUMNS).where("user_id", "=", userId).orderBy("id").execute();
}

export async function getApiToken(q: Q, userId: string, id: string): Promise<ApiTokenInfo | undefined> {
  return q
    .selectFrom("api_tokens")
    .select(COLUMNS)
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function countActiveApiTokens(q: Q, userId: string): Promise<number> {
  const row = await q
    .selectFrom("api_tokens")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks a token revoked; false when it already was. */
export async function revokeApiTokenRow(q: Q, id: string, at: string): Promise<boolean> {
  const res = await q
    .updateTable("api_tokens")
    .set({ revoked_at: at })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Records use at most once a minute per token, so reading with a token does not write on every request. */
export async function touchApiToken(q: Q, id: string, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - 60_000).toISOString();
  await q
    .updateTable("api_tokens")
    .set({ last_used_at: now.toISOString() })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", stale)]))
    .execute();
}
