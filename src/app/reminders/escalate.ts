import type { EscalationIntent } from "../../core/supervise/reminders.js";
import { newId } from "../../db/ids.js";
import { insertAssignmentEvent, setEscalationLevel } from "../../db/repos/reminderPlanning.js";
import { type AppContext, inTransaction } from "../context.js";

/** The history's word for each level reached. */
const ACTION = { 0: "deescalate", 1: "escalate", 2: "red_list" } as const;

/**
 * Moves an assignment's escalation level (1 催办单 to the department's head, 2 red list, 0 no longer
 * overdue) with its task-history event and audit entry, in one transaction. Returns false when another
 * process already moved it from the level the plan read: then that process wrote the event.
 */
export async function escalate(ctx: AppContext, e: EscalationIntent): Promise<boolean> {
  return inTransaction(ctx, async (tx, audit) => {
    if (!(await setEscalationLevel(tx, e.assignmentId, e.from, e.level))) return false;
    const at = ctx.now().toISOString();
    const detail = { deadline: e.deadline, daysOverdue: e.daysOverdue };
    await insertAssignmentEvent(tx, {
      id: newId(),
      assignment_id: e.assignmentId,
      at,
      actor_id: ctx.actor?.id ?? null,
      action: ACTION[e.level],
      from_state: String(e.from),
      to_state: String(e.level),
      detail: JSON.stringify(detail),
    });
    await audit({
      action: `assignment.${ACTION[e.level]}`,
      entityType: "assignment",
      entityId: e.assignmentId,
      before: { escalationLevel: e.from },
      after: { escalationLevel: e.level, ...detail },
    });
    return true;
  });
}
