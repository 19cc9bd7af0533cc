import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { correctFact } from "../../app/facts/correctFact.js";
import { getFact } from "../../app/facts/getFact.js";
import { listFacts } from "../../app/facts/listFacts.js";
import { ErrorBody, IdParams } from "../../contract/api/common.js";
import { CorrectFactBody, FactDetail, FactPage, FactsQuery } from "../../contract/api/facts.js";
import type { RouteModule } from "./index.js";

const errorsOf = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const factRoutes: RouteModule = async (base, { deps }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const read = { publicReadOnly: deps.config.publicReadOnly };

  app.get(
    "/v1/facts",
    {
      config: { access: "public" },
      schema: {
        tags: ["facts"],
        summary:
          "Facts, filtered (region, year, period, indicator, kind, section role, report) and searched (q)",
        querystring: FactsQuery,
        response: { 200: FactPage, ...errorsOf },
      },
    },
    async (req) => listFacts(req.ctx(), req.query, read),
  );

  app.get(
    "/v1/facts/:id",
    {
      config: { access: "public" },
      schema: {
        tags: ["facts"],
        summary: "One fact with its correction history and report title",
        params: IdParams,
        response: { 200: FactDetail, ...errorsOf },
      },
    },
    async (req) => getFact(req.ctx(), req.params.id, read),
  );

  app.post(
    "/v1/facts/:id/corrections",
    {
      config: { access: ["admin", "supervisor"] },
      schema: {
        tags: ["facts"],
        summary: "Correct a fact (names the fact version read; 409 when stale). Extracted values are kept.",
        params: IdParams,
        body: CorrectFactBody,
        response: { 201: FactDetail, ...errorsOf },
      },
    },
    async (req, reply) => reply.status(201).send(await correctFact(req.ctx(), req.params.id, req.body)),
  );
};
