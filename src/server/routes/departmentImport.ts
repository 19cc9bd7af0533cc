import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { importDepartments } from "../../app/departments/importDepartments.js";
import { ErrorBody } from "../../contract/api/common.js";
import { DepartmentImportResult, ImportDepartmentsQuery } from "../../contract/api/departments.js";
import { readUploadedFile } from "../upload.js";
import type { RouteModule } from "./index.js";

/** A department list is a few kilobytes; anything near this is not one. */
export const DEPARTMENT_IMPORT_MAX_BYTES = 2 * 1024 * 1024;

export const departmentImportRoutes: RouteModule = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/v1/departments/import",
    {
      config: { access: ["admin", "supervisor"] },
      schema: {
        tags: ["departments"],
        summary:
          "Import departments from xlsx (multipart, one file; columns 部门名称, 简称, 地区). dryRun=true previews; " +
          "otherwise all rows are applied or none (400 listing row errors). Re-importing changes nothing.",
        consumes: ["multipart/form-data"],
        querystring: ImportDepartmentsQuery,
        response: {
          200: DepartmentImportResult,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
        },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUploadedFile(req, DEPARTMENT_IMPORT_MAX_BYTES);
      return importDepartments(req.ctx(), {
        fileName: fileName || "departments.xlsx",
        bytes,
        regionId: req.query.regionId,
        dryRun: req.query.dryRun,
      });
    },
  );
};
