import { decodeCursor } from "../../contract/api/common.js";
import type { User, UserPage } from "../../contract/api/users.js";
import { errors } from "../../core/errors.js";
import { getUser, listUsers as listUserRows, regionOfUser } from "../../db/repos/users.js";
import type { Role } from "../../db/schema.js";
import type { AppContext } from "../context.js";
import { inRegion, regionScope, requireRole } from "../guard.js";
import { splitPage } from "../paging.js";
import { ALL_ROLES, toUserView } from "./view.js";

export interface ListUsersInput {
  limit: number;
  cursor?: string | undefined;
  role?: Role | undefined;
  q?: string | undefined;
}

/** Users, a page at a time: admins see everyone, supervisors the users of their region and the regions below. */
export async function listUsers(ctx: AppContext, input: ListUsersInput): Promise<UserPage> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  const regionIds = regionScope(actor);
  const rows = await listUserRows(ctx.db.kysely, {
    ...(regionIds !== null ? { regionIds } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.q ? { q: input.q } : {}),
    ...(input.cursor ? { after: decodeCursor(input.cursor) ?? "" } : {}),
    limit: input.limit,
  });
  const { rows: page, nextCursor } = splitPage(rows, input.limit);
  return { items: page.map(toUserView), nextCursor };
}

/** One user: anyone sees themselves, admins everyone, supervisors the users of their region. */
export async function getUserById(ctx: AppContext, id: string): Promise<User> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  const row = await getUser(ctx.db.kysely, id);
  if (!row) throw errors.notFound("user", id);
  if (row.id === actor.id || actor.role === "admin") return toUserView(row);
  if (actor.role === "supervisor" && inRegion(actor, await regionOfUser(ctx.db.kysely, row)))
    return toUserView(row);
  throw errors.forbidden("you may see only yourself and the users of your region");
}
