import type { Transaction } from "kysely";
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

export type Tx = Transaction<Database>;

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
  return ctx.db.kysely.transaction().execute(async (tx) => {
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
