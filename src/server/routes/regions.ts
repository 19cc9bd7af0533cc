import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { createRegion, getRegionById, listRegions, updateRegion } from "../../app/regions/regions.js";
import { ErrorBody, IdParams } from "../../contract/api/common.js";
import {
  CreateRegionBody,
  Region,
  RegionList,
  RegionListQuery,
  UpdateRegionBody,
} from "../../contract/api/regions.js";
import type { RouteModule } from "./index.js";

const errs = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ["regions"];

/** The region tree: everyone signed in reads it, admins build it (file ingested regions under their parents). */
export const regionRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/v1/regions",
    {
      schema: {
        tags,
        summary: "Every region as a flat list with parent and level (or the children of parentId)",
        querystring: RegionListQuery,
        response: { 200: RegionList, ...errs },
      },
      config: { access: ["admin", "supervisor", "department", "viewer"] },
    },
    async (req) => listRegions(req.ctx(), req.query),
  );
  r.get(
    "/v1/regions/:id",
    {
      schema: { tags, summary: "One region", params: IdParams, response: { 200: Region, ...errs } },
      config: { access: ["admin", "supervisor", "department", "viewer"] },
    },
    async (req) => getRegionById(req.ctx(), req.params.id),
  );
  r.post(
    "/v1/regions",
    {
      schema: {
        tags,
        summary: "Add a region; its name is unique under its parent (409 otherwise)",
        body: CreateRegionBody,
        response: { 201: Region, ...errs },
      },
      config: { access: ["admin"] },
    },
    async (req, reply) => reply.status(201).send(await createRegion(req.ctx(), req.body)),
  );
  r.patch(
    "/v1/regions/:id",
    {
      schema: {
        tags,
        summary:
          "Rename a region, change its level or move it under another parent; names the version it read (409 when stale, a duplicate name or a cycle)",
        params: IdParams,
        body: UpdateRegionBody,
        response: { 200: Region, ...errs },
      },
      config: { access: ["admin"] },
    },
    async (req) => updateRegion(req.ctx(), req.params.id, req.body),
  );
};
