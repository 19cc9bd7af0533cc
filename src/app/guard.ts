import { errors } from "../core/errors.js";
import type { Role } from "../db/schema.js";
import type { Actor } from "./actor.js";

/** Use cases check roles themselves, so CLI, server and tests are held to the same rules. */
export function requireRole(actor: Actor | null, ...roles: Role[]): Actor {
  if (!actor) throw errors.unauthorized();
  if (!roles.includes(actor.role)) throw errors.forbidden();
  return actor;
}

/** Supervisors act within their region; admins everywhere. */
export function inRegion(actor: Actor, regionId: string | null): boolean {
  return actor.role === "admin" || actor.regionId === null || actor.regionId === regionId;
}
