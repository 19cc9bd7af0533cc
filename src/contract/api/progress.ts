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
    /** progress: a periodic report; closure: a request to close (申请办结) with its evidence. */
    kind: z.enum(["progress", "closure"]),
    /** The period it answers: "2026-03", "2026-Q1", a milestone id, or null. */
    periodKey: z.string().nullable(),
    /** 审核: pending until a supervisor accepts it or returns it with a reason. */
    reviewStatus: z.enum(["pending", "accepted", "returned"]),
    reviewedBy: z.string().nullable(),
    reviewedByName: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewReason: z.string().nullable(),
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
    /** The period it answers ("2026-03", "2026-Q1", a milestone id); by default the current month or quarter. */
    periodKey: z.string().trim().min(1).max(200).optional(),
  })
  .meta({ id: "SubmitProgress" });
export type SubmitProgressBody = z.infer<typeof SubmitProgressBody>;

export const ProgressListQuery = PageQuery;
export type ProgressListQuery = z.infer<typeof ProgressListQuery>;
