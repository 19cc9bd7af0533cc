import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

type Q = Kysely<Database>;

export interface NewSession {
  /** sha256 of the cookie token; the token itself is never stored. */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export async function insertSession(q: Q, s: NewSession): Promise<void> {
  await q
    .insertInto("sessions")
    .values({
      id: s.id,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      last_seen_at: s.createdAt,
    })
    .execute();
}

/** A live session by the hash of its token. */
export async function findLiveSession(q: Q, id: string, now: string) {
  return q
    .selectFrom("sessions")
    .select(["id", "user_id", "csrf_token", "expires_at"])
    .where("id", "=", id)
    .where("expires_at", ">", now)
    .executeTakeFirst();
}

export async function deleteSession(q: Q, id: string): Promise<{ userId: string } | undefined> {
  const row = await q.deleteFrom("sessions").where("id", "=", id).returning("user_id").executeTakeFirst();
  return row ? { userId: row.user_id } : undefined;
}

/** Ends every session of a user (optionally keeping one); returns how many ended. */
export async function deleteUserSessions(q: Q, userId: string, keepId?: string): Promise<number> {
  let query = q.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepId) query = query.where("id", "!=", keepId);
  const res = await query.executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function deleteExpiredSessions(q: Q, userId: string, now: string): Promise<void> {
  await q.deleteFrom("sessions").where("user_id", "=", userId).where("expires_at", "<=", now).execute();
}
