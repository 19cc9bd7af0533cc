import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { exportFacts } from "../../app/facts/exportFacts.js";
import { attachmentDisposition, XLSX_MIME } from "../../app/xlsx/workbook.js";
import { ErrorBody } from "../../contract/api/common.js";
import { FactsExportQuery } from "../../contract/api/facts.js";
import type { RouteModule } from "./index.js";

/** Facts as an .xlsx 台账: the same filters and read scope as GET /facts, every matching row. */
export const factExportRoutes: RouteModule = async (base, { deps }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const read = { publicReadOnly: deps.config.publicReadOnly };

  app.get(
    "/v1/facts/export.xlsx",
    {
      config: { access: "public" },
      schema: {
        tags: ["facts"],
        summary:
          "Facts as an xlsx workbook (地区, 年度, 指标, 目标值, 单位, 比较, 期间, 章节, 原文, 报告); filters as GET /facts",
        querystring: FactsExportQuery,
        produces: [XLSX_MIME],
        response: {
          200: z.any().describe("the .xlsx bytes, named in Content-Disposition; X-Row-Count: rows written"),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          413: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const out = await exportFacts(req.ctx(), req.query, read);
      return reply
        .header("content-type", XLSX_MIME)
        .header("content-disposition", attachmentDisposition(out.fileName))
        .header("cache-control", "no-store")
        .header("x-row-count", String(out.rows))
        .send(out.bytes);
    },
  );
};
