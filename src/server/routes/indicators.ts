import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  addSynonym,
  createIndicator,
  removeSynonym,
  updateIndicator,
} from "../../app/indicators/editIndicators.js";
import { listIndicators } from "../../app/indicators/listIndicators.js";
import { ErrorBody, IdParams } from "../../contract/api/common.js";
import {
  AddSynonymBody,
  CreateIndicatorBody,
  IndicatorPage,
  IndicatorsQuery,
  IndicatorView,
  SynonymParams,
  UpdateIndicatorBody,
} from "../../contract/api/indicators.js";
import type { RouteModule } from "./index.js";

const errorsOf = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const WRITERS: ["admin", "supervisor"] = ["admin", "supervisor"];

export const indicatorRoutes: RouteModule = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/v1/indicators",
    {
      config: { access: ["admin", "supervisor", "department", "viewer"] },
      schema: {
        tags: ["indicators"],
        summary: "The indicator catalog with synonyms and usage counts",
        querystring: IndicatorsQuery,
        response: { 200: IndicatorPage, ...errorsOf },
      },
    },
    async (req) => listIndicators(req.ctx(), req.query),
  );

  app.post(
    "/v1/indicators",
    {
      config: { access: WRITERS },
      schema: {
        tags: ["indicators"],
        summary: "Add an indicator; facts using its names are linked to it",
        body: CreateIndicatorBody,
        response: { 201: IndicatorView, ...errorsOf },
      },
    },
    async (req, reply) => reply.status(201).send(await createIndicator(req.ctx(), req.body)),
  );

  app.patch(
    "/v1/indicators/:id",
    {
      config: { access: WRITERS },
      schema: {
        tags: ["indicators"],
        summary: "Rename or re-file an indicator (names the version read; 409 when stale)",
        params: IdParams,
        body: UpdateIndicatorBody,
        response: { 200: IndicatorView, ...errorsOf },
      },
    },
    async (req) => updateIndicator(req.ctx(), req.params.id, req.body),
  );

  app.post(
    "/v1/indicators/:id/synonyms",
    {
      config: { access: WRITERS },
      schema: {
        tags: ["indicators"],
        summary: "Add a synonym; facts whose indicator is that name are linked",
        params: IdParams,
        body: AddSynonymBody,
        response: { 200: IndicatorView, ...errorsOf },
      },
    },
    async (req) => addSynonym(req.ctx(), req.params.id, req.body),
  );

  app.delete(
    "/v1/indicators/:id/synonyms/:synonym",
    {
      config: { access: WRITERS },
      schema: {
        tags: ["indicators"],
        summary: "Remove a synonym; facts linked through it are unlinked",
        params: SynonymParams,
        response: { 200: IndicatorView, ...errorsOf },
      },
    },
    async (req) => removeSynonym(req.ctx(), req.params.id, req.params.synonym),
  );
};
