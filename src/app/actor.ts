import type { Kysely } from "kysely";
import { regionAndDescendants } from "../db/repos/regions.js";
import type { Database, Role } from "../db/schema.js";

/** Who is acting: a signed-in user, an API token's owner, the CLI operator, or the public (null). */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** The user's own region (as stored); null means none. Scope checks read `regionIds`, not this. */
  regionId: string | null;
  /**
   * The regions the actor sees and manages: `regionId` and every region below it, resolved when the actor is
   * built (`resolveActor`). Null means every region: admins, and users without a region.
   */
  regionIds: readonly string[] | null;
  /** Department users act only for this department. */
  departmentId: string | null;
}

/** The operator of a CLI command on the machine that holds the database: acts as an admin. */
export const SYSTEM_ACTOR: Actor = {
  id: "system",
  username: "system",
  role: "admin",
  regionId: null,
  regionIds: null,
  departmentId: null,
};

/**
 * The actor of a user row, with the region set resolved: one recursive query over the region tree for a
 * non-admin with a region, none otherwise. Admins act everywhere whatever region they carry.
 */
export async function resolveActor(
  q: Kysely<Database>,
  user: { id: string; username: string; role: Role; region_id: string | null; department_id: string | null },
): Promise<Actor> {
  const regionIds =
    user.role === "admin" || user.region_id === null ? null : await regionAndDescendants(q, user.region_id);
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    regionId: user.region_id,
    regionIds,
    departmentId: user.department_id,
  };
}
