import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";

type Q = Kysely<Database>;

/**
 * Counts one attempt for `key` in a fixed window of `windowMs`, in a single statement so that several server
 * processes sharing the database count together. Returns the attempts in the current window (this one
 * included) and when that window started.
 */
export async function countAttempt(
  q: Q,
  key: string,
  now: Date,
  windowMs: number,
): Promise<{ attempts: number; windowStart: string }> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  const stale = sql<boolean>`login_throttle.window_start <= ${cutoff}`;
  const row = await q
    .insertInto("login_throttle")
    .values({ key, window_start: at, attempts: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        attempts: sql<number>`case when ${stale} then 1 else login_throttle.attempts + 1 end`,
        window_start: sql<string>`case when ${stale} then ${at} else login_throttle.window_start end`,
      }),
    )
    .returning(["attempts", "window_start"])
    .executeTakeFirstOrThrow();
  return { attempts: Number(row.attempts), windowStart: row.window_start };
}

/** Drops windows long past, so the table holds only recent callers. */
export async function pruneThrottle(q: Q, before: Date): Promise<void> {
  await q.deleteFrom("login_throttle").where("window_start", "<", before.toISOString()).execute();
}
