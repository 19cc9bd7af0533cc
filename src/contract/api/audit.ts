import { z } from "zod";
import { PageQuery } from "./common.js";

/** One audit-log entry: who did what to which entity, with the state before and after (parsed JSON). */
export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = PageQuery.extend({
  entityType: z.string().min(1).max(100).optional(),
  entityId: z.string().min(1).max(300).optional(),
  actorId: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  /** ISO date or date-time: entries at or after it. */
  since: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
