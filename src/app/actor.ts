import type { Role } from "../db/schema.js";

/** Who is acting: a signed-in user, an API token's owner, the CLI operator, or the public (null). */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** Supervisors see and manage everything in this region (and below); null means every region. */
  regionId: string | null;
  /** Department users act only for this department. */
  departmentId: string | null;
}

/** The operator of a CLI command on the machine that holds the database: acts as an admin. */
export const SYSTEM_ACTOR: Actor = {
  id: "system",
  username: "system",
  role: "admin",
  regionId: null,
  departmentId: null,
};
