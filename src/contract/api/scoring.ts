import { z } from "zod";

/**
 * 考评: how departments are scored on their assignments in a period. The rubric is data, one per region and
 * year (a region without one inherits the nearest ancestor's, then the everywhere rubric, then DEFAULT_RUBRIC),
 * and every change is a new version. Points are magnitudes: the rule says whether they add or deduct.
 */
const Points = z.number().min(0).max(100);

export const QualityLevel = z.enum(["excellent", "good", "fair", "poor"]).meta({ id: "QualityLevel" });
export type QualityLevel = z.infer<typeof QualityLevel>;

export const QUALITY_LEVEL_ZH: Record<QualityLevel, string> = {
  excellent: "优秀",
  good: "良好",
  fair: "一般",
  poor: "较差",
};

export const Rubric = z
  .object({
    /** Every scored department starts here. */
    baseScore: z.number().min(0).max(1000),
    /** + per assignment closed (办结销号) on or before its deadline. */
    closedOnTime: Points,
    /** + per assignment closed at least `minDays` calendar days before its deadline (on top of on time). */
    closedEarly: z.object({ points: Points, minDays: z.number().int().min(1).max(365) }),
    /**
     * − for an assignment past its deadline: `perItem` once (in the period its deadline falls in), `perDay` for
     * each day overdue within the period; together at most `cap` per assignment and period (0 = no cap).
     */
    late: z.object({ perItem: Points, perDay: Points, cap: z.number().min(0).max(1000) }),
    /** − per progress report the supervisors returned (退回). */
    returnedProgress: Points,
    /** − per extension (延期) approved; 0 when an approved extension costs nothing. */
    extensionApproved: Points,
    /** − per assignment not signed for (签收) by its due date. */
    notSignedOff: Points,
    /** ± by the supervisors' quality rating of a closed assignment. */
    quality: z.object({
      excellent: z.number().min(-100).max(100),
      good: z.number().min(-100).max(100),
      fair: z.number().min(-100).max(100),
      poor: z.number().min(-100).max(100),
    }),
    /** Share (0–1) of each line's points co-departments (配合单位) receive too; 0 = the lead carries it alone. */
    coDepartmentShare: z.number().min(0).max(1),
  })
  .meta({ id: "Rubric" });
export type Rubric = z.infer<typeof Rubric>;

export const DEFAULT_RUBRIC: Rubric = {
  baseScore: 100,
  closedOnTime: 2,
  closedEarly: { points: 1, minDays: 15 },
  late: { perItem: 2, perDay: 0.2, cap: 10 },
  returnedProgress: 1,
  extensionApproved: 0.5,
  notSignedOff: 1,
  quality: { excellent: 2, good: 1, fair: 0, poor: -2 },
  coDepartmentShare: 0,
};

/** The rules a line can come from. */
export const ScoreRule = z
  .enum([
    "closedOnTime",
    "closedEarly",
    "late",
    "returnedProgress",
    "extensionApproved",
    "notSignedOff",
    "quality",
  ])
  .meta({ id: "ScoreRule" });
export type ScoreRule = z.infer<typeof ScoreRule>;

export const SCORE_RULE_ZH: Record<ScoreRule, string> = {
  closedOnTime: "按期办结",
  closedEarly: "提前办结",
  late: "逾期",
  returnedProgress: "进展被退回",
  extensionApproved: "批准延期",
  notSignedOff: "未按时签收",
  quality: "质量评价",
};

// ---- periods -------------------------------------------------------------------------------------------

/** A reporting period: a year "2026", half "2026-H1", quarter "2026-Q1" or month "2026-03". */
export const PeriodKey = z
  .string()
  .regex(/^\d{4}(?:-(?:H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/, "expected 2026, 2026-H1, 2026-Q1 or 2026-03")
  .meta({ id: "PeriodKey" });
export type PeriodKey = z.infer<typeof PeriodKey>;

export interface Period {
  key: string;
  year: number;
  /** First and last day, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  /** "2026年第一季度", "2026年上半年", "2026年3月", "2026年". */
  label: string;
}

const QUARTER_ZH = ["一", "二", "三", "四"];
const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function parsePeriod(key: string): Period {
  const y = Number(key.slice(0, 4));
  const rest = key.slice(5);
  const span = (m1: number, m2: number, label: string): Period => ({
    key,
    year: y,
    from: `${y}-${pad(m1)}-01`,
    to: `${y}-${pad(m2)}-${pad(lastDay(y, m2))}`,
    label,
  });
  if (rest === "") return span(1, 12, `${y}年`);
  if (rest === "H1") return span(1, 6, `${y}年上半年`);
  if (rest === "H2") return span(7, 12, `${y}年下半年`);
  if (rest.startsWith("Q")) {
    const q = Number(rest.slice(1));
    return span(q * 3 - 2, q * 3, `${y}年第${QUARTER_ZH[q - 1]}季度`);
  }
  const m = Number(rest);
  return span(m, m, `${y}年${m}月`);
}

// ---- API shapes ----------------------------------------------------------------------------------------

const Id = z.string().min(1).max(200);
const Year = z.coerce.number().int().min(2000).max(2100);

export const RubricQuery = z.object({ regionId: Id.optional(), year: Year });
export type RubricQuery = z.infer<typeof RubricQuery>;

/** The rubric in force for a region and year, and where it comes from. */
export const RubricView = z
  .object({
    /** The region asked for (null: the everywhere rubric). */
    regionId: z.string().nullable(),
    year: z.number().int(),
    rubric: Rubric,
    /** Where the rubric in force is stored: "region" (its own), "ancestor", "everywhere" or "default". */
    source: z.enum(["region", "ancestor", "everywhere", "default"]),
    /** The region whose rubric is in force (null for the everywhere and default rubrics). */
    sourceRegionId: z.string().nullable(),
    /** Version of the region's own rubric for the year; 0 when it has none (a PUT then names 0). */
    version: z.number().int(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "RubricView" });
export type RubricView = z.infer<typeof RubricView>;

export const SetRubricBody = z
  .object({
    /** null: the everywhere rubric (admins only). */
    regionId: Id.nullable(),
    year: z.number().int().min(2000).max(2100),
    /** The version read (0 when the region had none for the year); a stale one is 409. */
    version: z.number().int().min(0),
    rubric: Rubric,
  })
  .meta({ id: "SetRubric" });
export type SetRubricBody = z.infer<typeof SetRubricBody>;

export const RubricVersion = z
  .object({
    version: z.number().int(),
    rubric: Rubric,
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: "RubricVersion" });
export type RubricVersion = z.infer<typeof RubricVersion>;

export const RubricVersions = z.object({ items: z.array(RubricVersion) }).meta({ id: "RubricVersions" });
export type RubricVersions = z.infer<typeof RubricVersions>;

export const ScoresQuery = z.object({ regionId: Id, period: PeriodKey });
export type ScoresQuery = z.infer<typeof ScoresQuery>;

export const ScoreLine = z
  .object({
    assignmentId: z.string(),
    taskText: z.string(),
    rule: ScoreRule,
    points: z.number(),
    /** Why, in Chinese: "逾期 5 天（2026-03-31 到期）". */
    detail: z.string(),
    /** The department is a co-department (配合单位) of the assignment and receives a share. */
    asCoDepartment: z.boolean(),
  })
  .meta({ id: "ScoreLine" });
export type ScoreLine = z.infer<typeof ScoreLine>;

export const DepartmentScore = z
  .object({
    department: z.object({ id: z.string(), name: z.string(), shortName: z.string().nullable() }),
    score: z.number(),
    /** 1 = best; departments with the same score share a rank (1, 1, 3). */
    rank: z.number().int(),
    /** Assignments the department leads (交办 by the period's end). */
    assigned: z.number().int(),
    closed: z.number().int(),
    overdue: z.number().int(),
    lines: z.array(ScoreLine),
  })
  .meta({ id: "DepartmentScore" });
export type DepartmentScore = z.infer<typeof DepartmentScore>;

export const Scores = z
  .object({
    region: z.object({ id: z.string(), name: z.string() }),
    period: z.object({ key: z.string(), from: z.string(), to: z.string(), label: z.string() }),
    /** The day the figures are judged on: the period's last day, or today while the period runs. */
    asOf: z.string(),
    rubric: RubricView,
    /** Best first. */
    departments: z.array(DepartmentScore),
  })
  .meta({ id: "Scores" });
export type Scores = z.infer<typeof Scores>;

export const QualityRatingBody = z
  .object({
    level: QualityLevel,
    reason: z.string().trim().min(1).max(2000),
    /** The rating's version when changing one; leave out for the first rating. */
    version: z.number().int().positive().optional(),
  })
  .meta({ id: "RateQuality" });
export type QualityRatingBody = z.infer<typeof QualityRatingBody>;

export const QualityRating = z
  .object({
    assignmentId: z.string(),
    level: QualityLevel,
    reason: z.string(),
    ratedBy: z.string().nullable(),
    /** The rater's display name (null when the system or a removed account rated). */
    ratedByName: z.string().nullable(),
    ratedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "QualityRating" });
export type QualityRating = z.infer<typeof QualityRating>;
