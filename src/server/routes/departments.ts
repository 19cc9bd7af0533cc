import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  createDepartment,
  deleteDepartment,
  getDepartmentById,
  listDepartments,
  updateDepartment,
} from "../../app/departments/departments.js";
import { ErrorBody, IdParams, page } from "../../contract/api/common.js";
import {
  CreateDepartmentBody,
  DeleteDepartmentQuery,
  Department,
  DepartmentListQuery,
  UpdateDepartmentBody,
} from "../../contract/api/departments.js";
import type { RouteModule } from "./index.js";

const errs = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ["departments"];

/** Departments of each region: everyone signed in reads, supervisors (own region) and admins write. */
export const departmentRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/v1/departments",
    {
      schema: {
        tags,
        summary: "List departments (optionally of one region)",
        querystring: DepartmentListQuery,
        response: { 200: page(Department), ...errs },
      },
      config: { access: ["admin", "supervisor", "department", "viewer"] },
    },
    async (req) => listDepartments(req.ctx(), req.query),
  );
  r.get(
    "/v1/departments/:id",
    {
      schema: { tags, summary: "One department", params: IdParams, response: { 200: Department, ...errs } },
      config: { access: ["admin", "supervisor", "department", "viewer"] },
    },
    async (req) => getDepartmentById(req.ctx(), req.params.id),
  );
  r.post(
    "/v1/departments",
    {
      schema: {
        tags,
        summary: "Create a department; its name is unique in the region (409 otherwise)",
        body: CreateDepartmentBody,
        response: { 201: Department, ...errs },
      },
      config: { access: ["admin", "supervisor"] },
    },
    async (req, reply) => reply.status(201).send(await createDepartment(req.ctx(), req.body)),
  );
  r.patch(
    "/v1/departments/:id",
    {
      schema: {
        tags,
        summary: "Rename a department; names the version it read (409 when stale)",
        params: IdParams,
        body: UpdateDepartmentBody,
        response: { 200: Department, ...errs },
      },
      config: { access: ["admin", "supervisor"] },
    },
    async (req) => updateDepartment(req.ctx(), req.params.id, req.body),
  );
  r.delete(
    "/v1/departments/:id",
    {
      schema: {
        tags,
        summary: "Delete a department no assignment and no user refers to (409 otherwise)",
        params: IdParams,
        querystring: DeleteDepartmentQuery,
        response: { 204: z.null().describe("deleted"), ...errs },
      },
      config: { access: ["admin", "supervisor"] },
    },
    async (req, reply) => {
      await deleteDepartment(req.ctx(), req.params.id, req.query.version);
      return reply.status(204).send(null);
    },
  );
};
