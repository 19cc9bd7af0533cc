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
