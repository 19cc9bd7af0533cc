import { z } from "zod";
import { SectionRole } from "../extraction.js";
import { PageQuery, page, VersionedBody } from "./common.js";
import { FactWithCorrections } from "./facts.js";
import { TaskView } from "./tasks.js";

export const ReportSummary = z
  .object({
    id: z.string(),
    sha256: z.string(),
    title: z.string().nullable(),
    regionId: z.string().nullable(),
    regionName: z.string().nullable(),
    date: z.string().nullable(),
    summaryYear: z.number().int().nullable(),
    planYear: z.number().int().nullable(),
    sourcePath: z.string(),
    format: z.string(),
    encoding: z.string(),
    script: z.string(),
    chars: z.number().int(),
    extractorVersion: z.string(),
    published: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    factCount: z.number().int(),
    taskCount: z.number().int(),
  })
  .meta({ id: "ReportSummary" });
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportSection = z
  .object({
    id: z.string(),
    parent: z.string().nullable(),
    heading: z.string(),
    role: SectionRole,
    start: z.number().int(),
    end: z.number().int(),
  })
  .meta({ id: "ReportSection" });
export type ReportSection = z.infer<typeof ReportSection>;

export const ReportDetail = ReportSummary.extend({
  sections: z.array(ReportSection),
  facts: z.array(FactWithCorrections),
  tasks: z.array(TaskView),
  /** The decoded text every offset points into; only with ?include=body. */
  body: z.string().optional(),
}).meta({ id: "ReportDetail" });
export type ReportDetail = z.infer<typeof ReportDetail>;

export const ReportPage = page(ReportSummary).meta({ id: "ReportPage" });
export type ReportPage = z.infer<typeof ReportPage>;

export const ReportsQuery = PageQuery.extend({
  regionId: z.string().max(200).optional(),
  /** Plan year. */
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  /** Substring of the title. */
  q: z.string().max(200).optional(),
});
export type ReportsQuery = z.infer<typeof ReportsQuery>;

export const ReportQuery = z.object({ include: z.enum(["body"]).optional() });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const UpdateReportBody = VersionedBody.extend({
  published: z.boolean().optional(),
  title: z.string().trim().min(1).max(500).optional(),
}).meta({ id: "UpdateReportBody" });
export type UpdateReportBody = z.infer<typeof UpdateReportBody>;

export const DeleteReportQuery = z.object({ version: z.coerce.number().int().positive() });
export type DeleteReportQuery = z.infer<typeof DeleteReportQuery>;

export const UploadStatus = z.enum(["new", "unchanged", "reextracted", "restored", "failed"]);
export type UploadStatus = z.infer<typeof UploadStatus>;

export const UploadResult = z
  .object({
    name: z.string(),
    status: UploadStatus,
    reportId: z.string().optional(),
    facts: z.number().int(),
    tasks: z.number().int(),
    error: z.object({ code: z.string(), message: z.string(), messageZh: z.string() }).optional(),
  })
  .meta({ id: "UploadResult" });
export type UploadResult = z.infer<typeof UploadResult>;

export const UploadResponse = z.object({ results: z.array(UploadResult) }).meta({ id: "UploadResponse" });
export type UploadResponse = z.infer<typeof UploadResponse>;
