import { z } from "zod";
import { PageQuery } from "./common.js";

/** An evidence file's description; its id is the sha256 of its bytes. Download: GET /api/v1/evidence/:id. */
export const EvidenceFile = z
  .object({
    id: z.string(),
    name: z.string(),
    mime: z.string(),
    size: z.number().int(),
  })
  .meta({ id: "EvidenceFile" });
export type EvidenceFile = z.infer<typeof EvidenceFile>;

export const ProgressEntry = z
  .object({
    id: z.string(),
    assignmentId: z.string(),
    authorId: z.string().nullable(),
    authorName: z.string().nullable(),
    percent: z.number().int().min(0).max(100),
    text: z.string(),
    createdAt: z.string(),
    evidence: z.array(EvidenceFile),
  })
  .meta({ id: "ProgressEntry" });
export type ProgressEntry = z.infer<typeof ProgressEntry>;

/** A file sent inside a JSON progress report; multipart requests send file parts instead. */
export const EvidenceUpload = z.object({
  name: z.string().trim().min(1).max(255),
  mime: z.string().min(1).max(200).default("application/octet-stream"),
  contentBase64: z.string().max(200_000_000),
});
export type EvidenceUpload = z.infer<typeof EvidenceUpload>;

/**
 * POST /assignments/:id/progress, as JSON or as multipart/form-data (fields `percent` and `text`, and any
 * number of file parts as evidence).
 */
export const SubmitProgressBody = z
  .object({
    percent: z.coerce.number().int().min(0).max(100),
    text: z.string().trim().min(1).max(10_000),
    files: z.array(EvidenceUpload).max(20).optional(),
  })
  .meta({ id: "SubmitProgress" });
export type SubmitProgressBody = z.infer<typeof SubmitProgressBody>;

export const ProgressListQuery = PageQuery;
export type ProgressListQuery = z.infer<typeof ProgressListQuery>;
