import { z } from "zod";
import { Basis, Comparator, FactKind, Measure, Period, SectionRole } from "../extraction.js";
import { PageQuery, page, VersionedBody } from "./common.js";

/** The fields of a fact a person may correct. */
export const FactValues = z
  .object({
    kind: FactKind,
    indicator: z.string().min(1).max(200).nullable(),
    subject: z.string().min(1).max(200).nullable(),
    measure: Measure,
    value: z.number(),
    valueMax: z.number().nullable(),
    unit: z.string().min(1).max(50),
    comparator: Comparator,
    period: Period.nullable(),
  })
  .meta({ id: "FactValues" });
export type FactValues = z.infer<typeof FactValues>;

/** What the extractor found: the correctable fields plus those derived from them. */
export const ExtractedFactValues = FactValues.extend({
  normalized: z.object({ value: z.number(), unit: z.string() }).nullable(),
  basis: Basis.nullable(),
}).meta({ id: "ExtractedFactValues" });
export type ExtractedFactValues = z.infer<typeof ExtractedFactValues>;

/** Fields a correction sets; absent fields keep the extractor's value. */
export const CorrectionChanges = FactValues.partial().strict().meta({ id: "CorrectionChanges" });
export type CorrectionChanges = z.infer<typeof CorrectionChanges>;

export const CorrectableField = z.enum([
  "kind",
  "indicator",
  "subject",
  "measure",
  "value",
  "valueMax",
  "unit",
  "comparator",
  "period",
]);
export type CorrectableField = z.infer<typeof CorrectableField>;

/**
 * One correction. `changes` is the whole overlay in force after it (earlier corrections' fields included),
 * so the latest correction alone gives the current values; `set` lists what this correction changed.
 */
export const Correction = z
  .object({
    id: z.string(),
    factId: z.string(),
    authorId: z.string().nullable(),
    authorName: z.string().nullable(),
    reason: z.string(),
    changes: CorrectionChanges,
    set: z.array(z.string()),
    notAFact: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: "Correction" });
export type Correction = z.infer<typeof Correction>;

export const FactView = z
  .object({
    id: z.string(),
    reportId: z.string(),
    regionId: z.string().nullable(),
    planYear: z.number().int().nullable(),
    indicatorId: z.string().nullable(),
    section: z.string().nullable(),
    sectionRole: z.string().nullable(),
    quote: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    version: z.number().int(),
    extracted: ExtractedFactValues,
    /** Extracted values overlaid with the latest correction. */
    current: FactValues,
    notAFact: z.boolean(),
    corrected: z.boolean(),
  })
  .meta({ id: "Fact" });
export type FactView = z.infer<typeof FactView>;

export const FactWithCorrections = FactView.extend({ corrections: z.array(Correction) }).meta({
  id: "FactWithCorrections",
});
export type FactWithCorrections = z.infer<typeof FactWithCorrections>;

export const FactDetail = FactWithCorrections.extend({ reportTitle: z.string().nullable() }).meta({
  id: "FactDetail",
});
export type FactDetail = z.infer<typeof FactDetail>;

export const FactPage = page(FactView).meta({ id: "FactPage" });
export type FactPage = z.infer<typeof FactPage>;

export const FactsQuery = PageQuery.extend({
  regionId: z.string().max(200).optional(),
  /** The report's plan year. */
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  /** Facts whose period covers this year. */
  period: z.coerce.number().int().min(1900).max(2200).optional(),
  /** A catalog id, or any name: matched through the indicator synonyms, else as the extracted name. */
  indicator: z.string().min(1).max(200).optional(),
  kind: FactKind.optional(),
  sectionRole: SectionRole.optional(),
  reportId: z.string().max(200).optional(),
  /** Full-text search in quote and indicator. */
  q: z.string().max(200).optional(),
});
export type FactsQuery = z.infer<typeof FactsQuery>;

/** The filters of FactsQuery for an export: every matching fact, no paging. */
export const FactsExportQuery = FactsQuery.omit({ limit: true, cursor: true });
export type FactsExportQuery = z.infer<typeof FactsExportQuery>;

export const CorrectFactBody = VersionedBody.extend({
  reason: z.string().trim().min(1).max(2000),
  changes: CorrectionChanges.optional(),
  /** Fields to give back to the extractor's value. */
  revert: z.array(CorrectableField).max(9).optional(),
  /** true: this figure is not a fact; false: undo an earlier notAFact. */
  notAFact: z.boolean().optional(),
}).meta({ id: "CorrectFactBody" });
export type CorrectFactBody = z.infer<typeof CorrectFactBody>;
