import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { exportDecomposition } from "../../app/decomposition/exportDecomposition.js";
import { importDecomposition } from "../../app/decomposition/importDecomposition.js";
import { getDecomposition } from "../../app/decomposition/loadDecomposition.js";
import { attachmentDisposition, XLSX_MIME } from "../../app/xlsx/workbook.js";
import { ErrorBody, IdParams } from "../../contract/api/common.js";
import { Decomposition, ImportQuery, ImportResult } from "../../contract/api/decomposition.js";
import { readUploadedFile } from "../upload.js";
import type { RouteModule } from "./index.js";

const errs = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
};
const tags = ["decomposition"];
/** A 分解表 of a few thousand rows is well under a megabyte; ten leaves room for formatting and pictures. */
const MAX_SHEET_BYTES = 10 * 1024 * 1024;

/** The 分解表 of a report: JSON for the page, xlsx export, and import of an edited copy. */
export const decompositionRoutes: RouteModule = async (app, { deps }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const maxBytes = Math.min(MAX_SHEET_BYTES, deps.config.maxUploadBytes);

  r.get(
    "/v1/reports/:id/decomposition",
    {
      schema: {
        tags,
        summary: "Every task of a report with its assignment (lead, co-departments, deadline, milestones)",
        params: IdParams,
        response: { 200: Decomposition, ...errs },
      },
      config: { access: ["admin", "supervisor", "viewer"] },
    },
    async (req) => getDecomposition(req.ctx(), req.params.id),
  );

  r.get(
    "/v1/reports/:id/decomposition/export",
    {
      schema: {
        tags,
        summary: "The 分解表 as xlsx: 序号, 重点任务, 牵头单位, 责任单位, 完成时限, 进度 (+ hidden 任务编号)",
        params: IdParams,
        response: { 200: z.any().describe("the .xlsx file"), ...errs },
      },
      config: { access: ["admin", "supervisor", "viewer"] },
    },
    async (req, reply) => {
      const file = await exportDecomposition(req.ctx(), req.params.id);
      return reply
        .header("content-type", XLSX_MIME)
        .header("content-length", String(file.bytes.byteLength))
        .header("content-disposition", attachmentDisposition(file.fileName))
        .header("cache-control", "private, max-age=0")
        .send(file.bytes);
    },
  );

  r.post(
    "/v1/reports/:id/decomposition/import",
    {
      schema: {
        tags,
        summary: "Import an edited 分解表: preview (dryRun, the default) or apply all changes or none",
        description:
          "multipart/form-data with one file part (.xlsx). Rows are matched by 任务编号 (or the exact task " +
          "text); the preview lists new and changed assignments and row errors naming row and column. " +
          "`dryRun=false` applies in one transaction, refusing when any row has an error; `expect` (the " +
          `preview's fingerprint) refuses with 409 when the ledger changed since. Files over ${maxBytes} bytes get 413.`,
        consumes: ["multipart/form-data"],
        params: IdParams,
        querystring: ImportQuery,
        response: { 200: ImportResult, ...errs },
      },
      config: { access: ["admin", "supervisor"] },
    },
    async (req) => {
      const { bytes, fileName } = await readUploadedFile(req, maxBytes);
      return importDecomposition(req.ctx(), req.params.id, {
        bytes,
        fileName: fileName || "分解表.xlsx",
        dryRun: req.query.dryRun,
        expect: req.query.expect,
      });
    },
  );
};
