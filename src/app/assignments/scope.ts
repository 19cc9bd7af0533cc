import { errors } from "../../core/errors.js";
import type { AssignmentScope } from "../../db/repos/assignments.js";
import type { Actor } from "../actor.js";
import { regionScope, requireRole } from "../guard.js";

/**
 * What an actor may see of assignments: admins everything; supervisors and viewers those of tasks in their
 * region or below it (all when they have none); department users the assignments their department leads or co-operates on. Null: nothing
 * (a department user without a department).
 */
export function assignmentScope(actor: Actor | null): AssignmentScope | null {
  const a = requireRole(actor, "admin", "supervisor", "department", "viewer");
  if (a.role === "admin") return {};
  if (a.role === "department") return a.departmentId ? { departmentId: a.departmentId } : null;
  const regionIds = regionScope(a);
  return regionIds ? { regionIds } : {};
}

/** The scope, refusing an actor who may see nothing with 404 for the item asked for. */
export function scopeFor(actor: Actor | null, what: string, id: string): AssignmentScope {
  const scope = assignmentScope(actor);
  if (!scope) throw errors.notFound(what, id);
  return scope;
}
