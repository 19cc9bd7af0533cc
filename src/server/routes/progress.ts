import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { getEvidenceFile } from "../../app/progress/evidence.js";
import {
  type EvidenceInput,
  evidenceTooLarge,
  listAssignmentProgress,
  submitProgress,
} from "../../app/progress/progress.js";
import { ErrorBody, IdParams, page } from "../../contract/api/common.js";
import { ProgressEntry, ProgressListQuery, SubmitProgressBody } from "../../contract/api/progress.js";
import { errors } from "../../core/errors.js";
import type { RouteModule } from "./index.js";

const errs = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
};
const tags = ["progress"];
const readers: ["admin", "supervisor", "department", "viewer"] = [
  "admin",
  "supervisor",
  "department",
  "viewer",
];
const ProgressFields = SubmitProgressBody.omit({ files: true });

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join(".") || "body";
  throw errors.invalid(field, issue?.message ?? "invalid", "请求参数有误");
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987), so Chinese names survive. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const utf8 = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** Progress reports (进展) with evidence (佐证材料), and evidence downloads. */
export const progressRoutes: RouteModule = async (app, { deps }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const maxFileBytes = deps.config.maxUploadBytes;
  r.post(
    "/v1/assignments/:id/progress",
    {
      schema: {
        tags,
        summary: "Report progress with evidence files",
        description:
          "JSON (SubmitProgress: percent, text, files[] with contentBase64) or multipart/form-data (fields " +
          "`percent` and `text`, file parts as evidence). Lead/co-department users, supervisors and admins. " +
          "A file larger than the upload limit gets 413.",
        consumes: ["application/json", "multipart/form-data"],
        params: IdParams,
        response: { 201: ProgressEntry, ...errs },
      },
      config: { access: ["admin", "supervisor", "department"] },
    },
    async (req, reply) => {
      let fields: unknown;
      const files: EvidenceInput[] = [];
      if (req.isMultipart()) {
        const values: Record<string, string> = {};
        for await (const part of req.parts()) {
          if (part.type === "file") {
            const bytes = await part.toBuffer();
            files.push({
              name: part.filename || "evidence",
              mime: part.mimetype || "application/octet-stream",
              bytes,
            });
          } else values[part.fieldname] = String(part.value);
        }
        fields = values;
      } else {
        const body = parse(SubmitProgressBody, req.body ?? {});
        for (const f of body.files ?? []) {
          const bytes = Buffer.from(f.contentBase64, "base64");
          if (bytes.byteLength > maxFileBytes) throw evidenceTooLarge(f.name, maxFileBytes);
          files.push({ name: f.name, mime: f.mime, bytes });
        }
        fields = body;
      }
      const { percent, text, periodKey } = parse(ProgressFields, fields);
      const entry = await submitProgress(
        req.ctx(),
        req.params.id,
        { percent, text, files, periodKey },
        { maxFileBytes },
      );
      return reply.status(201).send(entry);
    },
  );
  r.get(
    "/v1/assignments/:id/progress",
    {
      schema: {
        tags,
        summary: "Progress history of an assignment, newest first",
        params: IdParams,
        querystring: ProgressListQuery,
        response: { 200: page(ProgressEntry), ...errs },
      },
      config: { access: readers },
    },
    async (req) => listAssignmentProgress(req.ctx(), req.params.id, req.query),
  );
  r.get(
    "/v1/evidence/:id",
    {
      schema: {
        tags,
        summary: "Download an evidence file (for those who may see an assignment citing it)",
        params: IdParams,
        response: {
          200: z.any().describe("the file's bytes, with its name in Content-Disposition"),
          ...errs,
        },
      },
      config: { access: readers },
    },
    async (req, reply) => {
      const file = await getEvidenceFile(req.ctx(), req.params.id);
      return reply
        .header("content-type", file.mime)
        .header("content-length", String(file.content.byteLength))
        .header("content-disposition", contentDisposition(file.name))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, max-age=0")
        .send(Buffer.from(file.content));
    },
  );
};
