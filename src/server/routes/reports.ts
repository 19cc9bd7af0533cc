import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { deleteReport } from "../../app/reports/deleteReport.js";
import { getReport } from "../../app/reports/getReport.js";
import { listReports } from "../../app/reports/listReports.js";
import { updateReport } from "../../app/reports/updateReport.js";
import { type UploadedFile, uploadReports } from "../../app/reports/uploadReports.js";
import { ErrorBody, IdParams } from "../../contract/api/common.js";
import {
  DeleteReportQuery,
  ReportDetail,
  ReportPage,
  ReportQuery,
  ReportSummary,
  ReportsQuery,
  UpdateReportBody,
  UploadResponse,
} from "../../contract/api/reports.js";
import { errors } from "../../core/errors.js";
import type { RouteModule } from "./index.js";

const errorsOf = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const WRITERS: ["admin", "supervisor"] = ["admin", "supervisor"];

export const reportRoutes: RouteModule = async (base, { deps }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const read = { publicReadOnly: deps.config.publicReadOnly };

  app.post(
    "/v1/reports",
    {
      config: { access: WRITERS },
      schema: {
        tags: ["reports"],
        summary: "Upload one or more reports (multipart/form-data, one file per part)",
        consumes: ["multipart/form-data"],
        response: { 200: UploadResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody },
      },
    },
    async (req) => {
      if (!req.isMultipart())
        throw errors.invalid(
          "body",
          "send the files as multipart/form-data",
          "请以 multipart/form-data 上传文件",
        );
      // Every file is read first: one over the size limit answers 413 before anything is stored.
      const files: UploadedFile[] = [];
      for await (const part of req.parts()) {
        if (part.type !== "file") continue;
        files.push({ name: part.filename || part.fieldname, bytes: await part.toBuffer() });
      }
      if (files.length === 0) throw errors.invalid("files", "no file in the upload", "上传内容中没有文件");
      const results = await uploadReports(req.ctx(), files, {
        onError: (err) => req.log.error({ err }, "report upload failed"),
      });
      return { results };
    },
  );

  app.get(
    "/v1/reports",
    {
      config: { access: "public" },
      schema: {
        tags: ["reports"],
        summary: "Reports, filtered by region, plan year and title; with fact and task counts",
        querystring: ReportsQuery,
        response: { 200: ReportPage, ...errorsOf },
      },
    },
    async (req) => listReports(req.ctx(), req.query, read),
  );

  app.get(
    "/v1/reports/:id",
    {
      config: { access: "public" },
      schema: {
        tags: ["reports"],
        summary:
          "One report: metadata, sections, facts (extracted and corrected), tasks; ?include=body adds the text",
        params: IdParams,
        querystring: ReportQuery,
        response: { 200: ReportDetail, ...errorsOf },
      },
    },
    async (req) =>
      getReport(req.ctx(), req.params.id, { ...read, includeBody: req.query.include === "body" }),
  );

  app.patch(
    "/v1/reports/:id",
    {
      config: { access: WRITERS },
      schema: {
        tags: ["reports"],
        summary: "Change a report's title or publication (names the version read; 409 when stale)",
        params: IdParams,
        body: UpdateReportBody,
        response: { 200: ReportSummary, ...errorsOf },
      },
    },
    async (req) => updateReport(req.ctx(), req.params.id, req.body),
  );

  app.delete(
    "/v1/reports/:id",
    {
      config: { access: WRITERS },
      schema: {
        tags: ["reports"],
        summary: "Soft-delete a report (?version=N; 409 when stale)",
        params: IdParams,
        querystring: DeleteReportQuery,
        response: { 204: z.null().describe("deleted"), ...errorsOf },
      },
    },
    async (req, reply) => {
      await deleteReport(req.ctx(), req.params.id, req.query.version);
      return reply.status(204).send(null);
    },
  );
};
