import { z } from "zod";

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

/**
 * The status rules of one region from one day on (table supervision_rules). Every field has its default, so
 * a stored row written before a field existed still reads.
 */
export const SupervisionRules = z
  .object({
    /** Deadline within this many calendar days → blue (临期). */
    blueDays: z.number().int().min(0).max(365).default(7),
    /** Percentage points a report may lag 序时进度 before the task turns yellow. */
    tolerance: z.number().min(0).max(100).default(10),
    /** 签收 is due this many working days after 交办. */
    ackWorkingDays: z.number().int().min(0).max(60).default(3),
    reportCycle: z.enum(["monthly", "quarterly", "milestone"]).default("monthly"),
    /** Day of the month a periodic report is due (moved to the next working day when it is not one). */
    reportDay: z.number().int().min(1).max(28).default(25),
    /** Working days before a deadline or report day to remind. */
    remindBeforeDays: z.array(z.number().int().min(0).max(60)).max(10).default([3, 1]),
    /** Calendar days overdue before a 催办单 goes to the department's head. */
    escalateAfterDays: z.number().int().min(0).max(365).default(3),
    /** Calendar days overdue before the task is on the red list. */
    redListAfterDays: z.number().int().min(0).max(365).default(7),
    /** No messages in this local (Asia/Shanghai) window; it may wrap past midnight. */
    quietHours: z.object({ start: HhMm, end: HhMm }).default({ start: "22:00", end: "08:00" }),
  })
  .meta({ id: "SupervisionRules" });
export type SupervisionRules = z.infer<typeof SupervisionRules>;

export const DEFAULT_RULES: SupervisionRules = Object.freeze(SupervisionRules.parse({}));

export const ReportCycle = z.enum(["monthly", "quarterly", "milestone"]).meta({ id: "ReportCycle" });
export type ReportCycle = z.infer<typeof ReportCycle>;

/** 三色 plus green (on track) and done (已办结). */
export const Colour = z.enum(["green", "blue", "yellow", "red", "done"]).meta({ id: "Colour" });
export type Colour = z.infer<typeof Colour>;

/** The workflow statuses of the cycle; kept equal to src/core/supervise/cycle.ts (a test checks it). */
export const CycleActionName = z
  .enum([
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
  ])
  .meta({ id: "CycleAction" });
export type CycleActionName = z.infer<typeof CycleActionName>;

const Id = z.string().min(1).max(200);
const IsoDate = z.iso.date();
const Reason = z.string().trim().min(1).max(2000);
const Version = z.number().int().positive();

/** 签收: names the assignment's version it read. */
export const AcknowledgeBody = z.object({ version: Version }).meta({ id: "Acknowledge" });
export type AcknowledgeBody = z.infer<typeof AcknowledgeBody>;

/** 退回: the lead department gives the assignment back, saying why. */
export const DeclineBody = z.object({ version: Version, reason: Reason }).meta({ id: "Decline" });
export type DeclineBody = z.infer<typeof DeclineBody>;

/** A supervisor gives a declined (or not yet signed) assignment to another lead department. */
export const ReassignBody = z
  .object({
    version: Version,
    leadDepartmentId: Id,
    coDepartmentIds: z.array(Id).max(50).optional(),
    deadline: IsoDate.nullish(),
    reason: z.string().trim().max(2000).nullish(),
  })
  .meta({ id: "Reassign" });
export type ReassignBody = z.infer<typeof ReassignBody>;

/** A refusal or a return needs its reason. */
const reasonGiven = (yes: string) =>
  [
    (v: { decision: string; reason?: string | null | undefined }) => v.decision === yes || !!v.reason?.trim(),
    { path: ["reason"], message: "a reason is required (须填写理由)" },
  ] as [
    (v: { decision: string; reason?: string | null | undefined }) => boolean,
    { path: string[]; message: string },
  ];

/** 审核: accept a pending report, or return it with a reason (the department reports again). */
export const ReviewProgressBody = z
  .object({
    version: Version,
    decision: z.enum(["accept", "return"]),
    reason: z.string().trim().max(2000).nullish(),
  })
  .refine(...reasonGiven("accept"))
  .meta({ id: "ReviewProgress" });
export type ReviewProgressBody = z.infer<typeof ReviewProgressBody>;

const EvidenceUpload = z.object({
  name: z.string().trim().min(1).max(255),
  mime: z.string().min(1).max(200).default("application/octet-stream"),
  contentBase64: z.string().max(200_000_000),
});

/**
 * 申请办结 with its evidence: JSON (files with contentBase64) or multipart/form-data (fields `version` and
 * `text`, file parts as evidence).
 */
export const RequestClosureBody = z
  .object({
    version: z.coerce.number().int().positive(),
    text: z.string().trim().min(1).max(10_000),
    files: z.array(EvidenceUpload).max(20).optional(),
  })
  .meta({ id: "RequestClosure" });
export type RequestClosureBody = z.infer<typeof RequestClosureBody>;

/** 办结审核: approve (销号) or reject with a reason (back to 办理中). */
export const DecideClosureBody = z
  .object({
    version: Version,
    decision: z.enum(["approve", "reject"]),
    reason: z.string().trim().max(2000).nullish(),
  })
  .refine(...reasonGiven("approve"))
  .meta({ id: "DecideClosure" });
export type DecideClosureBody = z.infer<typeof DecideClosureBody>;

/** 申请延期: a new deadline and why. */
export const RequestExtensionBody = z
  .object({ version: Version, requestedDeadline: IsoDate, reason: Reason })
  .meta({ id: "RequestExtension" });
export type RequestExtensionBody = z.infer<typeof RequestExtensionBody>;

/** 延期审批: approve (the deadline changes) or refuse with a reason. */
export const DecideExtensionBody = z
  .object({
    version: Version,
    decision: z.enum(["approve", "refuse"]),
    reason: z.string().trim().max(2000).nullish(),
  })
  .refine(...reasonGiven("approve"))
  .meta({ id: "DecideExtension" });
export type DecideExtensionBody = z.infer<typeof DecideExtensionBody>;

export const ExtensionStatus = z.enum(["pending", "approved", "refused"]).meta({ id: "ExtensionStatus" });
export type ExtensionStatus = z.infer<typeof ExtensionStatus>;

export const ExtensionRequest = z
  .object({
    id: z.string(),
    assignmentId: z.string(),
    requestedBy: z.string().nullable(),
    requestedByName: z.string().nullable(),
    currentDeadline: z.string().nullable(),
    requestedDeadline: z.string(),
    reason: z.string(),
    status: ExtensionStatus,
    decidedBy: z.string().nullable(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "ExtensionRequest" });
export type ExtensionRequest = z.infer<typeof ExtensionRequest>;

/**
 * One step of a task's history: assign, acknowledge, decline, reassign, progress, review, closure_request,
 * closure_approve, closure_reject, extension_request, extension_approve, extension_refuse, update, colour —
 * and the reminders and escalations other parts write.
 */
export const AssignmentEvent = z
  .object({
    id: z.string(),
    assignmentId: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    fromState: z.string().nullable(),
    toState: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: "AssignmentEvent" });
export type AssignmentEvent = z.infer<typeof AssignmentEvent>;

export const AssignmentHistory = z
  .object({ items: z.array(AssignmentEvent) })
  .meta({ id: "AssignmentHistory" });
export type AssignmentHistory = z.infer<typeof AssignmentHistory>;

export const RulesRow = z
  .object({
    id: z.string(),
    regionId: z.string().nullable(),
    regionName: z.string().nullable(),
    effectiveFrom: z.string(),
    rules: SupervisionRules,
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "SupervisionRulesRow" });
export type RulesRow = z.infer<typeof RulesRow>;

export const RulesQuery = z.object({
  /** The region whose rules to show (with those it inherits); none: the nationwide rows. */
  regionId: Id.optional(),
  /** The day the effective rules are for; today when left out. */
  day: IsoDate.optional(),
});
export type RulesQuery = z.infer<typeof RulesQuery>;

export const RulesView = z
  .object({
    regionId: z.string().nullable(),
    day: z.string(),
    /** What judges the region's tasks on `day`. */
    effective: SupervisionRules,
    /** The row that gives them; null: the built-in defaults. */
    effectiveRowId: z.string().nullable(),
    /** Rows of the region and of the regions above it (nationwide last), newest first within each. */
    rows: z.array(RulesRow),
    /** Whether the caller may add rules for this region. */
    canEdit: z.boolean(),
  })
  .meta({ id: "SupervisionRulesView" });
export type RulesView = z.infer<typeof RulesView>;

/** New rules for a region (null: nationwide, admins only) in force from a day (today or later). */
export const SetRulesBody = z
  .object({ regionId: Id.nullable(), effectiveFrom: IsoDate, rules: SupervisionRules })
  .meta({ id: "SetSupervisionRules" });
export type SetRulesBody = z.infer<typeof SetRulesBody>;

export const CalendarDay = z
  .object({
    day: z.string(),
    kind: z.enum(["holiday", "workday"]),
    name: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "CalendarDay" });
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export type CalendarQuery = z.infer<typeof CalendarQuery>;

export const CalendarYear = z
  .object({
    year: z.number().int(),
    /** The State Council notice the national days come from; null when none is known for the year. */
    source: z.string().nullable(),
    holidays: z.array(z.object({ day: z.string(), name: z.string() })),
    /** Weekends worked in exchange (调休上班). */
    workdays: z.array(z.string()),
    /** Local overrides of the year. */
    overrides: z.array(CalendarDay),
    /**
     * The notice last imported for the year, with its days as it gave them (they are written among the
     * overrides where they differ from the table); null when none was.
     */
    imported: z
      .object({
        source: z.string(),
        importedAt: z.string(),
        holidays: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
        workdays: z.array(z.string()),
      })
      .nullable(),
  })
  .meta({ id: "CalendarYear" });
export type CalendarYear = z.infer<typeof CalendarYear>;

export const SetCalendarDayBody = z
  .object({ day: IsoDate, kind: z.enum(["holiday", "workday"]), name: z.string().trim().max(100).nullish() })
  .meta({ id: "SetCalendarDay" });
export type SetCalendarDayBody = z.infer<typeof SetCalendarDayBody>;

export const DayParams = z.object({ day: IsoDate });

/** The State Council's holiday notice as pasted text; the year only when the text lacks the title. */
export const ImportNoticeBody = z
  .object({
    text: z.string().min(1).max(20_000),
    year: z.number().int().min(2000).max(2100).optional(),
    dryRun: z.boolean(),
  })
  .meta({ id: "ImportHolidayNotice" });
export type ImportNoticeBody = z.infer<typeof ImportNoticeBody>;

const OverrideState = z.object({ kind: z.enum(["holiday", "workday"]), name: z.string().nullable() });

export const NoticeImport = z
  .object({
    year: z.number().int(),
    source: z.string(),
    holidays: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
    workdays: z.array(z.string()),
    /** Local overrides the notice sets, replaces (before and after) or removes (after null). */
    changes: z.array(
      z.object({ day: z.string(), before: OverrideState.nullable(), after: OverrideState.nullable() }),
    ),
    /** Local holidays on days the notice does not name: left as they are. */
    kept: z.array(OverrideState.extend({ day: z.string() })),
    /** False for a dry run. */
    applied: z.boolean(),
  })
  .meta({ id: "CalendarNoticeImport" });
export type NoticeImport = z.infer<typeof NoticeImport>;

export const RecomputeResult = z
  .object({ checked: z.number().int(), changed: z.number().int(), ms: z.number() })
  .meta({ id: "RecomputeResult" });
export type RecomputeResult = z.infer<typeof RecomputeResult>;
