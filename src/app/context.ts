import { type Kysely, sql } from "kysely";
import type { Db } from "../db/database.js";
import { newId } from "../db/ids.js";
import type { Database } from "../db/schema.js";
import type { Actor } from "./actor.js";

/** What every use case is handed: the database, the actor and a clock (tests move time). */
export interface AppContext {
  db: Db;
  actor: Actor | null;
  now: () => Date;
}

export type Tx = Kysely<Database>;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Runs `fn` in one transaction and gives it `audit`, which writes the audit entry inside that same
 * transaction: a change and its record land together or not at all.
 */
export async function inTransaction<T>(
  ctx: AppContext,
  fn: (tx: Tx, audit: (entry: AuditEntry) => Promise<void>) => Promise<T>,
): Promise<T> {
  return runTransaction(ctx.db, async (tx) => {
    const audit = async (e: AuditEntry) => {
      await tx
        .insertInto("audit_log")
        .values({
          id: newId(),
          at: ctx.now().toISOString(),
          actor_id: ctx.actor?.id ?? null,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId,
          before: e.before === undefined ? null : JSON.stringify(e.before),
          after: e.after === undefined ? null : JSON.stringify(e.after),
        })
        .execute();
    };
    return fn(tx, audit);
  });
}

export function systemContext(db: Db, actor: Actor | null = null): AppContext {
  return { db, actor, now: () => new Date() };
}

/**
 * One transaction on either database. SQLite transactions start with BEGIN IMMEDIATE: a plain BEGIN that
 * reads and then writes fails at once (SQLITE_BUSY) when another process committed in between, while an
 * immediate one takes the write lock up front and waits its turn (busy_timeout).
 */
export async function runTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.dialect !== "sqlite") return db.kysely.transaction().execute(fn);
  return db.kysely.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => {});
      throw err;
    }
  });
}
