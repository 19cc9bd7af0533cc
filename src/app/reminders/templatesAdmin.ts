import type {
  CreateTemplateBody,
  NotificationTemplate,
  ReminderKind,
  TemplateListQuery,
  UpdateTemplateBody,
} from "../../contract/api/notifications.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import { isUniqueViolation, regionExists } from "../../db/repos/departments.js";
import {
  deleteTemplate as deleteTemplateRow,
  findTemplate,
  getTemplate,
  insertTemplate,
  listTemplates as listTemplateRows,
  type TemplateRecord,
  updateTemplate as updateTemplateRow,
} from "../../db/repos/notifications.js";
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction } from "../context.js";
import { inRegion, regionScope, requireRole } from "../guard.js";
import { notFound, stale } from "./errors.js";
import { checkPlaceholders } from "./render.js";

export function toTemplate(r: TemplateRecord): NotificationTemplate {
  return {
    id: r.id,
    key: r.key as ReminderKind,
    regionId: r.region_id,
    subject: r.subject,
    body: r.body,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** The defaults are admins' to word; a region's own templates its supervisors'. */
function requireEditor(ctx: AppContext, regionId: string | null): Actor {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  if (regionId === null ? actor.role !== "admin" : !inRegion(actor, regionId))
    throw errors.forbidden(
      regionId === null ? "only admins edit the default templates" : "the template is outside your region",
    );
  return actor;
}

/** The default templates and the regions' own that the actor manages (or of one region). */
export async function listTemplates(
  ctx: AppContext,
  query: TemplateListQuery,
): Promise<NotificationTemplate[]> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const rows = await listTemplateRows(ctx.db.kysely, {
    regionIds: regionScope(actor),
    regionId: query.regionId,
  });
  return rows.map(toTemplate);
}

/** A region's own wording of one kind, replacing the default for its tasks (and those of regions below). */
export async function createTemplate(
  ctx: AppContext,
  input: CreateTemplateBody,
): Promise<NotificationTemplate> {
  requireEditor(ctx, input.regionId);
  checkPlaceholders("subject", input.subject);
  checkPlaceholders("body", input.body);
  const exists = () =>
    new DubanError(
      ErrorCode.Conflict,
      `the region already has its own ${input.key} template; edit it instead`,
      "该地区已有此类消息模板，请直接修改",
      { target: "key" },
    );
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      if (!(await regionExists(tx, input.regionId))) throw errors.notFound("region", input.regionId);
      if (await findTemplate(tx, input.key, input.regionId)) throw exists();
      const row: TemplateRecord = {
        id: newId(),
        key: input.key,
        region_id: input.regionId,
        subject: input.subject,
        body: input.body,
        updated_by: ctx.actor?.id ?? null,
        updated_at: ctx.now().toISOString(),
        version: 1,
      };
      await insertTemplate(tx, row);
      await audit({
        action: "template.create",
        entityType: "template",
        entityId: row.id,
        after: toTemplate(row),
      });
      return toTemplate(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw exists();
    throw err;
  }
}

export async function updateTemplate(
  ctx: AppContext,
  id: string,
  input: UpdateTemplateBody,
): Promise<NotificationTemplate> {
  requireRole(ctx.actor, "admin", "supervisor");
  if (input.subject !== undefined) checkPlaceholders("subject", input.subject);
  if (input.body !== undefined) checkPlaceholders("body", input.body);
  return inTransaction(ctx, async (tx, audit) => {
    const before = await getTemplate(tx, id);
    if (!before) throw notFound("template", id);
    requireEditor(ctx, before.region_id);
    if (before.version !== input.version) throw stale("template", id);
    const set = {
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      updated_by: ctx.actor?.id ?? null,
      updated_at: ctx.now().toISOString(),
    };
    if (!(await updateTemplateRow(tx, id, input.version, set))) throw stale("template", id);
    const after = (await getTemplate(tx, id)) as TemplateRecord;
    await audit({
      action: "template.update",
      entityType: "template",
      entityId: id,
      before: toTemplate(before),
      after: toTemplate(after),
    });
    return toTemplate(after);
  });
}

/** Removes a region's own template (its tasks go back to the default); the defaults cannot be removed. */
export async function deleteTemplate(ctx: AppContext, id: string, version?: number): Promise<void> {
  requireRole(ctx.actor, "admin", "supervisor");
  await inTransaction(ctx, async (tx, audit) => {
    const before = await getTemplate(tx, id);
    if (!before) throw notFound("template", id);
    if (before.region_id === null)
      throw new DubanError(
        ErrorCode.Conflict,
        "a default template cannot be deleted; edit it instead",
        "默认模板不能删除，可以修改",
        { target: id },
      );
    requireEditor(ctx, before.region_id);
    if (version !== undefined && version !== before.version) throw stale("template", id);
    if (!(await deleteTemplateRow(tx, id, before.version))) throw stale("template", id);
    await audit({
      action: "template.delete",
      entityType: "template",
      entityId: id,
      before: toTemplate(before),
    });
  });
}
