import type { AssignmentEvent, ExtensionRequest, ExtensionStatus } from "../../contract/api/supervision.js";
import type { EventRow, ExtensionRow } from "../../db/repos/supervision.js";

export function presentExtension(r: ExtensionRow): ExtensionRequest {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    currentDeadline: r.current_deadline,
    requestedDeadline: r.requested_deadline,
    reason: r.reason,
    status: r.status as ExtensionStatus,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    createdAt: r.created_at,
  };
}

export function presentEvent(r: EventRow): AssignmentEvent {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  };
}
