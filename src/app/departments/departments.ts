import { decodeCursor } from "../../contract/api/common.js";
import type {
  CreateDepartmentBody,
  Department,
  DepartmentListQuery,
  UpdateDepartmentBody,
} from "../../contract/api/departments.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import {
  type DepartmentRow,
  deleteDepartment as deleteDepartmentRow,
  departmentUsage,
  findDepartmentByName,
  getDepartment,
  insertDepartment,
  isUniqueViolation,
  listDepartments as listDepartmentRows,
  regionExists,
  updateDepartment as updateDepartmentRow,
} from "../../db/repos/departments.js";
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction } from "../context.js";
import { inRegion, requireRole } from "../guard.js";
import { splitPage } from "../paging.js";

export function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    regionId: row.region_id,
    name: row.name,
    shortName: row.short_name,
    createdAt: row.created_at,
    version: row.version,
  };
}

function nameTaken(name: string): DubanError {
  return new DubanError(
    ErrorCode.Conflict,
    `a department named "${name}" already exists in this region`,
    `该地区已有名为“${name}”的部门`,
    { target: "name" },
  );
}

function requireManager(ctx: AppContext, regionId: string | null): Actor {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  if (!inRegion(actor, regionId)) throw errors.forbidden("the department is outside your region");
  return actor;
}

/**
 * Departments, ordered by id. Every signed-in role may read every department (names are not confidential
 * and department users need the names of their co-departments); `regionId` narrows the list.
 */
export async function listDepartments(
  ctx: AppContext,
  query: DepartmentListQuery,
): Promise<{ items: Department[]; nextCursor: string | null }> {
  requireRole(ctx.actor, "admin", "supervisor", "department", "viewer");
  const rows = await listDepartmentRows(ctx.db.kysely, {
    regionId: query.regionId,
    after: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const { rows: items, nextCursor } = splitPage(rows, query.limit);
  return {
    items: items.map(toDepartment),
    nextCursor,
  };
}

export async function getDepartmentById(ctx: AppContext, id: string): Promise<Department> {
  requireRole(ctx.actor, "admin", "supervisor", "department", "viewer");
  const row = await getDepartment(ctx.db.kysely, id);
  if (!row) throw errors.notFound("department", id);
  return toDepartment(row);
}

/** Supervisors create departments in their own region, admins anywhere. */
export async function createDepartment(ctx: AppContext, input: CreateDepartmentBody): Promise<Department> {
  requireManager(ctx, input.regionId);
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      if (!(await regionExists(tx, input.regionId))) throw errors.notFound("region", input.regionId);
      if (await findDepartmentByName(tx, input.regionId, input.name)) throw nameTaken(input.name);
      const row: DepartmentRow = {
        id: newId(),
        region_id: input.regionId,
        name: input.name,
        short_name: input.shortName ?? null,
        head_user_id: null,
        created_at: ctx.now().toISOString(),
        version: 1,
      };
      await insertDepartment(tx, row);
      const dept = toDepartment(row);
      await audit({ action: "department.create", entityType: "department", entityId: row.id, after: dept });
      return dept;
    });
  } catch (err) {
    // Two creations racing past the check: the unique index decides.
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

export async function updateDepartment(
  ctx: AppContext,
  id: string,
  input: UpdateDepartmentBody,
): Promise<Department> {
  requireRole(ctx.actor, "admin", "supervisor");
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      const before = await getDepartment(tx, id);
      if (!before) throw errors.notFound("department", id);
      requireManager(ctx, before.region_id);
      if (before.version !== input.version) throw errors.conflict("department", id);
      const set: { name?: string; short_name?: string | null } = {};
      if (input.name !== undefined && input.name !== before.name) {
        if (before.region_id !== null && (await findDepartmentByName(tx, before.region_id, input.name)))
          throw nameTaken(input.name);
        set.name = input.name;
      }
      if (input.shortName !== undefined) set.short_name = input.shortName;
      if (!(await updateDepartmentRow(tx, id, input.version, set))) throw errors.conflict("department", id);
      const after = await getDepartment(tx, id);
      if (!after) throw errors.notFound("department", id);
      const dept = toDepartment(after);
      await audit({
        action: "department.update",
        entityType: "department",
        entityId: id,
        before: toDepartment(before),
        after: dept,
      });
      return dept;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name ?? "");
    throw err;
  }
}

/** Deletes a department that no assignment and no user refers to. */
export async function deleteDepartment(ctx: AppContext, id: string, version?: number): Promise<void> {
  requireRole(ctx.actor, "admin", "supervisor");
  await inTransaction(ctx, async (tx, audit) => {
    const before = await getDepartment(tx, id);
    if (!before) throw errors.notFound("department", id);
    requireManager(ctx, before.region_id);
    if (version !== undefined && version !== before.version) throw errors.conflict("department", id);
    const usage = await departmentUsage(tx, id);
    if (usage.assignments > 0)
      throw new DubanError(
        ErrorCode.Conflict,
        `department "${before.name}" is lead or co-department of ${usage.assignments} assignment(s); reassign them before deleting it`,
        `部门“${before.name}”仍承担 ${usage.assignments} 项交办任务（牵头或配合），请先调整后再删除`,
        { target: id, assignments: usage.assignments },
      );
    if (usage.users > 0)
      throw new DubanError(
        ErrorCode.Conflict,
        `department "${before.name}" still has ${usage.users} user(s); move them before deleting it`,
        `部门“${before.name}”下仍有 ${usage.users} 个用户，请先调整后再删除`,
        { target: id, users: usage.users },
      );
    if (!(await deleteDepartmentRow(tx, id, before.version))) throw errors.conflict("department", id);
    await audit({
      action: "department.delete",
      entityType: "department",
      entityId: id,
      before: toDepartment(before),
    });
  });
}
