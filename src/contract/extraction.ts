import { z } from "zod";

/**
 * The extraction contract (../shared/spec/extraction.md): one object per input file. Fields may be added,
 * never dropped or renamed — tests, benchmarks and outside evaluation read them.
 */

export const SectionRole = z.enum(["review", "problems", "guidance", "targets", "plan", "outlook", "other"]);
export type SectionRole = z.infer<typeof SectionRole>;

export const Comparator = z.enum(["=", ">=", ">", "<=", "<", "~", "range"]);
export type Comparator = z.infer<typeof Comparator>;

export const Measure = z.enum(["level", "change", "rank", "multiple"]);
export type Measure = z.infer<typeof Measure>;

export const FactKind = z.enum(["actual", "target"]);
export type FactKind = z.infer<typeof FactKind>;

export const Basis = z.enum(["yoy", "vs_period_start", "vs_peer"]);
export type Basis = z.infer<typeof Basis>;

const Span = { start: z.number().int().nonnegative(), end: z.number().int().nonnegative() };

export const SourceInfo = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.enum(["txt", "html", "docx", "pdf"]),
  encoding: z.string(),
  script: z.enum(["simplified", "traditional"]),
  chars: z.number().int().nonnegative(),
});

export const ReportInfo = z.object({
  title: z.string().nullable(),
  region: z.string().nullable(),
  date: z.iso.date().nullable(),
  summaryYear: z.number().int().nullable(),
  planYear: z.number().int().nullable(),
});

export const Section = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  heading: z.string(),
  role: SectionRole,
  ...Span,
});
export type Section = z.infer<typeof Section>;

export const Period = z.object({ from: z.number().int(), to: z.number().int() });

export const Fact = z.object({
  id: z.string(),
  kind: FactKind,
  indicator: z.string().nullable(),
  subject: z.string().nullable(),
  measure: Measure,
  value: z.number(),
  valueMax: z.number().nullable(),
  unit: z.string().min(1),
  normalized: z.object({ value: z.number(), unit: z.string() }).nullable(),
  comparator: Comparator,
  basis: Basis.nullable(),
  period: Period.nullable(),
  section: z.string().nullable(),
  quote: z.string().min(1),
  ...Span,
});
export type Fact = z.infer<typeof Fact>;

export const Task = z.object({
  id: z.string(),
  group: z.string().nullable(),
  text: z.string().min(1),
  section: z.string().nullable(),
  facts: z.array(z.string()),
  deadline: z.iso.date().nullable(),
  ...Span,
});
export type Task = z.infer<typeof Task>;

export const Extraction = z.object({
  source: SourceInfo,
  report: ReportInfo,
  sections: z.array(Section),
  facts: z.array(Fact),
  tasks: z.array(Task),
});
export type Extraction = z.infer<typeof Extraction>;
export type SourceInfo = z.infer<typeof SourceInfo>;
export type ReportInfo = z.infer<typeof ReportInfo>;
