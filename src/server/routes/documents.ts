import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { bulletinFileName, DOCX_MIME, renderBulletinDocx } from "../../app/documents/bulletin.js";
import { bulletinModel } from "../../app/documents/bulletinModel.js";
import { buildLedger } from "../../app/documents/ledger.js";
import { attachmentDisposition, XLSX_MIME } from "../../app/xlsx/workbook.js";
import { ErrorBody } from "../../contract/api/common.js";
import { BulletinModel, BulletinQuery, LedgerQuery } from "../../contract/api/documents.js";
import type { RouteModule } from "./index.js";

const errs = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ["documents"];
/** A 通报 compares departments: supervisors' and viewers' reading, not a department's. */
const bulletinReaders: ["admin", "supervisor", "viewer"] = ["admin", "supervisor", "viewer"];

/** 通报 (preview and .docx) and 台账 (.xlsx). */
export const documentRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/v1/documents/bulletin",
    {
      schema: {
        tags,
        summary: "The 通报 of a region and period as a model: what the .docx says, for a preview",
        querystring: BulletinQuery,
        response: { 200: BulletinModel, ...errs },
      },
      config: { access: bulletinReaders },
    },
    async (req) => bulletinModel(req.ctx(), req.query),
  );
  r.get(
    "/v1/documents/bulletin.docx",
    {
      config: { access: bulletinReaders },
      schema: {
        tags,
        summary: "The 通报 of a region and period as a Word document (A4, 公文 fonts)",
        querystring: BulletinQuery,
        produces: [DOCX_MIME],
        response: { 200: z.any().describe("the file's bytes, named in Content-Disposition"), ...errs },
      },
    },
    async (req, reply) => {
      const model = await bulletinModel(req.ctx(), req.query);
      const bytes = await renderBulletinDocx(model);
      return reply
        .header("content-type", DOCX_MIME)
        .header("content-disposition", attachmentDisposition(bulletinFileName(model)))
        .header("cache-control", "no-store")
        .send(bytes);
    },
  );
  r.get(
    "/v1/documents/ledger.xlsx",
    {
      schema: {
        tags,
        summary:
          "The 台账 as an xlsx workbook: every task with its status (sheet 1) and the status history (sheet 2); department users get their department's rows",
        querystring: LedgerQuery,
        produces: [XLSX_MIME],
        response: { 200: z.any().describe("the file's bytes, named in Content-Disposition"), ...errs },
      },
      config: { access: ["admin", "supervisor", "viewer", "department"] },
    },
    async (req, reply) => {
      const out = await buildLedger(req.ctx(), req.query);
      return reply
        .header("content-type", XLSX_MIME)
        .header("content-disposition", attachmentDisposition(out.fileName))
        .header("cache-control", "no-store")
        .header("x-row-count", String(out.rows))
        .send(out.bytes);
    },
  );
};
