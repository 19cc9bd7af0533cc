/**
 * The 督办 cycle as a state machine: which action moves an assignment from which status to which, and who
 * may take it. Use cases ask `mayAct` before they change anything; the web asks `allowedActions` to know
 * which buttons to show.
 *
 *   assigned ──签收 acknowledge──► in_progress ──申请办结 request_closure──► done ──approve_closure──► closed
 *      │  └──退回 decline──► declined ──reassign──► assigned            ▲          │
 *      │                                                              └─reject_closure─┘
 *   in_progress: 填报 submit_progress (assigned → in_progress: a first report is also the 签收), 审核 review_progress
 *   assigned | in_progress | done: 申请延期 request_extension, 延期审批 decide_extension
 */
export const WORKFLOW_STATUSES = ["assigned", "in_progress", "declined", "done", "closed"] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const CYCLE_ACTIONS = [
  "acknowledge",
  "decline",
  "reassign",
  "submit_progress",
  "review_progress",
  "request_closure",
  "approve_closure",
  "reject_closure",
  "request_extension",
  "decide_extension",
] as const;
export type CycleAction = (typeof CYCLE_ACTIONS)[number];

/**
 * Who takes an action: `lead` — a department user of the lead department; `department` — of the lead or a
 * co-department; `supervisor` — a supervisor whose region holds the task, or an admin; `reporter` — either
 * a department user of the assignment or a supervisor/admin reporting on its behalf (代报).
 */
export type Party = "lead" | "department" | "supervisor" | "reporter";

export interface Transition {
  from: readonly WorkflowStatus[];
  /** The status after the action; null = unchanged. */
  to: WorkflowStatus | null;
  party: Party;
}

const OPEN: readonly WorkflowStatus[] = ["assigned", "in_progress", "done"];

export const TRANSITIONS: Readonly<Record<CycleAction, Transition>> = {
  acknowledge: { from: ["assigned"], to: "in_progress", party: "lead" },
  decline: { from: ["assigned"], to: "declined", party: "lead" },
  reassign: { from: ["assigned", "declined"], to: "assigned", party: "supervisor" },
  submit_progress: { from: ["assigned", "in_progress"], to: "in_progress", party: "reporter" },
  review_progress: { from: ["in_progress", "done"], to: null, party: "supervisor" },
  request_closure: { from: ["in_progress"], to: "done", party: "lead" },
  approve_closure: { from: ["done"], to: "closed", party: "supervisor" },
  reject_closure: { from: ["done"], to: "in_progress", party: "supervisor" },
  request_extension: { from: OPEN, to: null, party: "lead" },
  decide_extension: { from: OPEN, to: null, party: "supervisor" },
};

/** Where the actor stands towards one assignment. */
export interface Standing {
  role: "admin" | "supervisor" | "department" | "viewer";
  /** A department user of the lead department. */
  isLead: boolean;
  /** A department user of a co-department. */
  isCoDepartment: boolean;
  /** The task lies in the actor's region (always true for admins). */
  inScope: boolean;
}

export function isParty(party: Party, s: Standing): boolean {
  const supervisor = s.role === "admin" || (s.role === "supervisor" && s.inScope);
  const department = s.role === "department" && (s.isLead || s.isCoDepartment);
  switch (party) {
    case "lead":
      return s.role === "department" && s.isLead;
    case "department":
      return department;
    case "supervisor":
      return supervisor;
    case "reporter":
      return department || supervisor;
  }
}

/** May this actor take `action` on an assignment in `status`? */
export function mayAct(action: CycleAction, status: string, s: Standing): boolean {
  const t = TRANSITIONS[action];
  return (t.from as readonly string[]).includes(status) && isParty(t.party, s);
}

/** The actions open to this actor now, in the order of CYCLE_ACTIONS. */
export function allowedActions(status: string, s: Standing): CycleAction[] {
  return CYCLE_ACTIONS.filter((a) => mayAct(a, status, s));
}

/** The status after `action`, or null when the action is not open from `status`. */
export function nextStatus(action: CycleAction, status: string): WorkflowStatus | null {
  const t = TRANSITIONS[action];
  if (!(t.from as readonly string[]).includes(status)) return null;
  return t.to ?? (status as WorkflowStatus);
}

/** Statuses in which the task is still being worked on (not declined, not closed). */
export function isOpen(status: string): boolean {
  return (OPEN as readonly string[]).includes(status);
}
