import { z } from "zod";
import { PageQuery, page, VersionedBody } from "./common.js";

export const IndicatorView = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    unit: z.string().nullable(),
    synonyms: z.array(z.string()),
    /** Facts linked to the indicator (of reports not deleted). */
    factCount: z.number().int(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Indicator" });
export type IndicatorView = z.infer<typeof IndicatorView>;

export const IndicatorPage = page(IndicatorView).meta({ id: "IndicatorPage" });
export type IndicatorPage = z.infer<typeof IndicatorPage>;

export const IndicatorsQuery = PageQuery;
export type IndicatorsQuery = z.infer<typeof IndicatorsQuery>;

const Name = z.string().trim().min(1).max(200);

export const CreateIndicatorBody = z
  .object({
    name: Name,
    category: z.string().trim().min(1).max(100).nullable().optional(),
    unit: z.string().trim().min(1).max(50).nullable().optional(),
    /** Other names reports use for it; the name itself is always one. */
    synonyms: z.array(Name).max(200).default([]),
  })
  .meta({ id: "CreateIndicatorBody" });
export type CreateIndicatorBody = z.infer<typeof CreateIndicatorBody>;

export const UpdateIndicatorBody = VersionedBody.extend({
  name: Name.optional(),
  category: z.string().trim().min(1).max(100).nullable().optional(),
  unit: z.string().trim().min(1).max(50).nullable().optional(),
}).meta({ id: "UpdateIndicatorBody" });
export type UpdateIndicatorBody = z.infer<typeof UpdateIndicatorBody>;

export const AddSynonymBody = z.object({ synonym: Name }).meta({ id: "AddSynonymBody" });
export type AddSynonymBody = z.infer<typeof AddSynonymBody>;

export const SynonymParams = z.object({ id: z.string().min(1).max(200), synonym: Name });
