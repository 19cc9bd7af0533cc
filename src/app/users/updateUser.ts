import type { User } from "../../contract/api/users.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { deleteUserSessions } from "../../db/repos/sessions.js";
import {
  countOtherActiveAdmins,
  getUser,
  type UserChanges,
  updateUserAtVersion,
} from "../../db/repos/users.js";
import type { Role } from "../../db/schema.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { checkPlacement } from "./scope.js";
import { toUserView } from "./view.js";

export interface UpdateUserInput {
  /** The version the caller read; a stale one is refused with 409. */
  version: number;
  displayName?: string | undefined;
  role?: Role | undefined;
  regionId?: string | null | undefined;
  departmentId?: string | null | undefined;
  disabled?: boolean | undefined;
}

/** Changes a user's role, place, name or disabled flag (admins only). Disabling ends their sessions. */
export async function updateUser(ctx: AppContext, id: string, input: UpdateUserInput): Promise<User> {
  const actor = requireRole(ctx.actor, "admin");
  const row = await getUser(ctx.db.kysely, id);
  if (!row) throw errors.notFound("user", id);
  if (row.version !== input.version) throw errors.conflict("user", id);

  const role = input.role ?? row.role;
  const disabled = input.disabled ?? row.disabled !== 0;
  const roleChanged = role !== row.role;
  // Placement is checked as a whole: a new role may need (or forbid) a department.
  const placement = await checkPlacement(ctx.db.kysely, {
    role,
    regionId: input.regionId !== undefined ? input.regionId : row.region_id,
    departmentId:
      input.departmentId !== undefined
        ? input.departmentId
        : role === "department"
          ? row.department_id
          : null,
  });
  if (id === actor.id && (roleChanged || disabled))
    throw new DubanError(
      ErrorCode.Forbidden,
      "forbidden: you cannot change your own role or disable yourself",
      "不能修改自己的角色或停用自己的账户",
    );
  if (row.role === "admin" && row.disabled === 0 && (roleChanged || disabled)) {
    if ((await countOtherActiveAdmins(ctx.db.kysely, id)) === 0)
      throw new DubanError(
        ErrorCode.Conflict,
        "the last active admin cannot be demoted or disabled",
        "这是最后一个有效的管理员账户，不能降级或停用",
        { target: id },
      );
  }

  const changes: UserChanges = {};
  if (input.displayName !== undefined && input.displayName !== row.display_name)
    changes.display_name = input.displayName;
  if (roleChanged) changes.role = role;
  if (placement.regionId !== row.region_id) changes.region_id = placement.regionId;
  if (placement.departmentId !== row.department_id) changes.department_id = placement.departmentId;
  if (disabled !== (row.disabled !== 0)) changes.disabled = disabled ? 1 : 0;

  return inTransaction(ctx, async (tx, audit) => {
    const updated = await updateUserAtVersion(tx, id, input.version, changes);
    if (!updated) throw errors.conflict("user", id);
    let sessionsEnded = 0;
    if (changes.disabled === 1) sessionsEnded = await deleteUserSessions(tx, id);
    const before = toUserView(row);
    const after = toUserView(updated);
    await audit({
      action: "user.update",
      entityType: "user",
      entityId: id,
      before: pick(before, Object.keys(changes)),
      after: { ...pick(after, Object.keys(changes)), version: after.version, sessionsEnded },
    });
    return after;
  });
}

const FIELD: Record<string, keyof User> = {
  display_name: "displayName",
  role: "role",
  region_id: "regionId",
  department_id: "departmentId",
  disabled: "disabled",
};

function pick(view: User, columns: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { version: view.version };
  for (const c of columns) {
    const k = FIELD[c];
    if (k) out[k] = view[k];
  }
  return out;
}
