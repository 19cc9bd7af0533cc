import type { Kysely } from "kysely";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { departmentExists, regionExists } from "../../db/repos/users.js";
import type { Database, Role } from "../../db/schema.js";

export interface Placement {
  role: Role;
  regionId: string | null;
  departmentId: string | null;
}

/**
 * Checks where a user sits: department users need a department (and take its region when none is given);
 * only department users belong to a department; a region or department named must exist.
 */
export async function checkPlacement(q: Kysely<Database>, p: Placement): Promise<Placement> {
  let regionId = p.regionId;
  if (p.role === "department") {
    if (!p.departmentId)
      throw errors.invalid(
        "departmentId",
        "department users must belong to a department",
        "部门用户必须指定所属部门",
      );
    const dep = await departmentExists(q, p.departmentId);
    if (!dep)
      throw new DubanError(
        ErrorCode.InvalidArgument,
        `departmentId: no department ${p.departmentId}`,
        `departmentId：部门不存在（${p.departmentId}）`,
        { target: "departmentId" },
      );
    regionId ??= dep.regionId;
  } else if (p.departmentId) {
    throw errors.invalid(
      "departmentId",
      "only department users belong to a department",
      "只有部门用户可以指定所属部门",
    );
  }
  if (regionId && !(await regionExists(q, regionId)))
    throw new DubanError(
      ErrorCode.InvalidArgument,
      `regionId: no region ${regionId}`,
      `regionId：地区不存在（${regionId}）`,
      { target: "regionId" },
    );
  return {
    role: p.role,
    regionId: regionId ?? null,
    departmentId: p.role === "department" ? p.departmentId : null,
  };
}
