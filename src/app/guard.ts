import { errors } from "../core/errors.js";
import type { Role } from "../db/schema.js";
import type { Actor } from "./actor.js";

/** Use cases check roles themselves, so CLI, server and tests are held to the same rules. */
export function requireRole(actor: Actor | null, ...roles: Role[]): Actor {
  if (!actor) throw errors.unauthorized();
  if (!roles.includes(actor.role)) throw errors.forbidden();
  return actor;
}

/** The regions whose data the actor may see: null for all (admins, users without a region). */
export function regionScope(actor: Actor): readonly string[] | null {
  return actor.role === "admin" ? null : actor.regionIds;
}

/**
 * Does `regionId` lie within the actor's scope: their region or one below it? Admins and users without a
 * region: everywhere. A row without a region lies in no scoped user's region.
 */
export function inRegion(actor: Actor, regionId: string | null): boolean {
  const scope = regionScope(actor);
  return scope === null || (regionId !== null && scope.includes(regionId));
}
