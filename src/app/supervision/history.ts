import type { AssignmentHistory } from "../../contract/api/supervision.js";
import { eventsOf } from "../../db/repos/supervision.js";
import { visibleAssignment } from "../assignments/assignments.js";
import type { AppContext } from "../context.js";
import { presentEvent } from "./present.js";

/** The task's history as the cycle wrote it, oldest first, for whoever may see the assignment. */
export async function getAssignmentHistory(ctx: AppContext, id: string): Promise<AssignmentHistory> {
  await visibleAssignment(ctx.db.kysely, ctx.actor, id);
  return { items: (await eventsOf(ctx.db.kysely, id)).map(presentEvent) };
}
