import type { QualityLevel } from "../../contract/api/scoring.js";
import { type Calendar, shanghaiDay } from "../../core/calendar/index.js";
import type { ScoringAssignment, ScoringDepartment } from "../../core/supervise/scoring.js";
import type { Db } from "../../db/database.js";
import {
  type DocumentScope,
  departmentNames,
  scopedApprovedExtensions,
  scopedAssignments,
  scopedCoDepartments,
  scopedMilestones,
  scopedProgress,
  scopedQualityRatings,
} from "../../db/repos/scoring.js";
import type { Tx } from "../context.js";

type Q = Db["kysely"] | Tx;

/** What scores and documents know of one assignment: the scoring facts plus what a ledger shows. */
export interface AssignmentFacts extends ScoringAssignment {
  taskId: string;
  reportId: string;
  regionId: string | null;
  taskGroup: string | null;
  status: string;
  /** As the status engine last stored it. */
  colour: string;
  /** The deadline as written (the scoring `deadline` is the one a rest day moves on). */
  writtenDeadline: string | null;
  assignedAt: string;
  closedAt: string | null;
  progress: { day: string; percent: number; text: string; reviewStatus: string }[];
  milestones: { dueDate: string | null; doneAt: string | null }[];
}

export interface RegionFacts {
  assignments: AssignmentFacts[];
  departments: Map<string, ScoringDepartment>;
}

const day = (iso: string) => shanghaiDay(new Date(iso));

/**
 * Loads every assignment in scope with what happened to it, in a fixed number of queries whatever the count.
 * Deadlines on a rest day move to the next working day, as the status engine holds them.
 */
export async function loadFacts(q: Q, scope: DocumentScope, calendar: Calendar): Promise<RegionFacts> {
  const [rows, co, progress, extensions, ratings, milestones] = await Promise.all([
    scopedAssignments(q, scope),
    scopedCoDepartments(q, scope),
    scopedProgress(q, scope),
    scopedApprovedExtensions(q, scope),
    scopedQualityRatings(q, scope),
    scopedMilestones(q, scope),
  ]);
  const group = <T extends { assignment_id: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      const l = m.get(x.assignment_id);
      if (l) l.push(x);
      else m.set(x.assignment_id, [x]);
    }
    return m;
  };
  const coBy = group(co);
  const progressBy = group(progress);
  const extBy = group(extensions);
  const msBy = group(milestones);
  const ratingBy = new Map(ratings.map((r) => [r.assignment_id, r]));
  const effective = (d: string | null) =>
    d === null ? null : calendar.isWorkingDay(d) ? d : calendar.addWorkingDays(d, 1);

  const assignments = rows.map((r): AssignmentFacts => {
    // Assignments closed before the 督办 cycle recorded closed_at: the last change is when it was closed.
    const closedAt = r.closed_at ?? (r.status === "closed" ? r.updated_at : null);
    const entries = progressBy.get(r.id) ?? [];
    const rating = ratingBy.get(r.id);
    return {
      id: r.id,
      taskId: r.task_id,
      reportId: r.report_id,
      regionId: r.region_id,
      taskText: r.task_text,
      taskGroup: r.task_group,
      leadDepartmentId: r.lead_department_id,
      coDepartmentIds: (coBy.get(r.id) ?? []).map((c) => c.department_id),
      assignedDay: day(r.created_at),
      assignedAt: r.created_at,
      deadline: effective(r.deadline),
      writtenDeadline: r.deadline,
      closedDay: closedAt === null ? null : day(closedAt),
      closedAt,
      ackDueDay: r.ack_due_date,
      acknowledgedDay: r.acknowledged_at === null ? null : day(r.acknowledged_at),
      returnedDays: entries
        .filter((p) => p.review_status === "returned")
        .map((p) => day(p.reviewed_at ?? p.created_at)),
      extensions: (extBy.get(r.id) ?? []).map((e) => ({
        day: day(e.decided_at ?? e.created_at),
        from: e.current_deadline,
        to: e.requested_deadline,
      })),
      quality: rating
        ? { level: rating.level as QualityLevel, day: day(rating.rated_at), reason: rating.reason }
        : null,
      status: r.status,
      colour: r.colour,
      progress: entries.map((p) => ({
        day: day(p.created_at),
        percent: Number(p.percent),
        text: p.text,
        reviewStatus: p.review_status,
      })),
      milestones: (msBy.get(r.id) ?? []).map((m) => ({ dueDate: m.due_date, doneAt: m.done_at })),
    };
  });

  const ids = new Set<string>();
  for (const a of assignments) {
    ids.add(a.leadDepartmentId);
    for (const c of a.coDepartmentIds) ids.add(c);
  }
  const departments = new Map(
    (await departmentNames(q, [...ids])).map((d) => [
      d.id,
      { id: d.id, name: d.name, shortName: d.short_name },
    ]),
  );
  return { assignments, departments };
}

/** The latest report not returned as of `end` (what 进度 shows): percent and text. */
export function latestProgress(a: AssignmentFacts, end: string): { percent: number; text: string } | null {
  for (let i = a.progress.length - 1; i >= 0; i--) {
    const p = a.progress[i];
    if (p && p.day <= end && p.reviewStatus !== "returned") return { percent: p.percent, text: p.text };
  }
  return null;
}
