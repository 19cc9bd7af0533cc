import { z } from "zod";
import { PageQuery, VersionedBody } from "./common.js";

/** A department (牵头/配合单位) of a region's government. Names are unique within a region. */
export const Department = z
  .object({
    id: z.string(),
    regionId: z.string().nullable(),
    name: z.string(),
    shortName: z.string().nullable(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Department" });
export type Department = z.infer<typeof Department>;

export const DepartmentListQuery = PageQuery.extend({
  regionId: z.string().min(1).max(200).optional(),
});
export type DepartmentListQuery = z.infer<typeof DepartmentListQuery>;

const Name = z.string().trim().min(1).max(100);
const ShortName = z.string().trim().min(1).max(50);

export const CreateDepartmentBody = z
  .object({
    regionId: z.string().min(1).max(200),
    name: Name,
    shortName: ShortName.nullish(),
  })
  .meta({ id: "CreateDepartment" });
export type CreateDepartmentBody = z.infer<typeof CreateDepartmentBody>;

/** The region of a department does not change: create a new one instead. */
export const UpdateDepartmentBody = VersionedBody.extend({
  name: Name.optional(),
  shortName: ShortName.nullable().optional(),
}).meta({ id: "UpdateDepartment" });
export type UpdateDepartmentBody = z.infer<typeof UpdateDepartmentBody>;

/** DELETE /departments/:id?version=N — the version is optional; when given, a stale one gets 409. */
export const DeleteDepartmentQuery = z.object({
  version: z.coerce.number().int().positive().optional(),
});
export type DeleteDepartmentQuery = z.infer<typeof DeleteDepartmentQuery>;

/**
 * POST /departments/import (multipart, one xlsx file; columns 部门名称, 简称 and optionally 地区). `regionId` is
 * the region of rows without 地区; `dryRun=true` only previews. Applying is all-or-nothing.
 */
export const ImportDepartmentsQuery = z.object({
  regionId: z.string().min(1).max(200).optional(),
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1"),
});
export type ImportDepartmentsQuery = z.infer<typeof ImportDepartmentsQuery>;

export const DepartmentImportAction = z.enum(["create", "update", "unchanged"]);
export type DepartmentImportAction = z.infer<typeof DepartmentImportAction>;

export const DepartmentImportRow = z
  .object({
    /** The row number as the spreadsheet shows it. */
    row: z.number().int(),
    action: DepartmentImportAction,
    regionId: z.string(),
    regionName: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    /** The existing department (update, unchanged) or, once applied, the new one. */
    departmentId: z.string().nullable(),
    /** An update: the 简称 it had. */
    previousShortName: z.string().nullable().optional(),
  })
  .meta({ id: "DepartmentImportRow" });
export type DepartmentImportRow = z.infer<typeof DepartmentImportRow>;

export const DepartmentImportError = z
  .object({
    row: z.number().int(),
    /** The column header (部门名称, 简称, 地区). */
    column: z.string(),
    message: z.string(),
    messageZh: z.string(),
  })
  .meta({ id: "DepartmentImportError" });
export type DepartmentImportError = z.infer<typeof DepartmentImportError>;

export const DepartmentImportResult = z
  .object({
    fileName: z.string(),
    dryRun: z.boolean(),
    /** True when the changes were written (never with errors, never in a dry run). */
    applied: z.boolean(),
    rows: z.array(DepartmentImportRow),
    errors: z.array(DepartmentImportError),
    counts: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() }),
  })
  .meta({ id: "DepartmentImportResult" });
export type DepartmentImportResult = z.infer<typeof DepartmentImportResult>;
