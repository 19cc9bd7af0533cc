import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { computeScores } from "../../app/scoring/computeScores.js";
import { getQualityRatingOf, rateQuality } from "../../app/scoring/quality.js";
import { getRubric, listRubricVersions, setRubric } from "../../app/scoring/rubric.js";
import { ErrorBody, IdParams } from "../../contract/api/common.js";
import {
  QualityRating,
  QualityRatingBody,
  RubricQuery,
  RubricVersions,
  RubricView,
  Scores,
  ScoresQuery,
  SetRubricBody,
} from "../../contract/api/scoring.js";
import type { RouteModule } from "./index.js";

const errs = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ["scoring"];
const readers: ["admin", "supervisor", "viewer"] = ["admin", "supervisor", "viewer"];
const managers: ["admin", "supervisor"] = ["admin", "supervisor"];

/** 考评: the rubric per region and year, department scores and rankings, and quality ratings. */
export const scoringRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/v1/scoring/rubric",
    {
      schema: {
        tags,
        summary:
          "The rubric in force for a region and year (its own, else an ancestor's, the everywhere one, or the default)",
        querystring: RubricQuery,
        response: { 200: RubricView, ...errs },
      },
      config: { access: readers },
    },
    async (req) => getRubric(req.ctx(), req.query),
  );
  r.put(
    "/v1/scoring/rubric",
    {
      schema: {
        tags,
        summary:
          "Save a new version of a region's rubric for a year (admins; supervisors of the region); names the version read, 409 when stale",
        body: SetRubricBody,
        response: { 200: RubricView, ...errs },
      },
      config: { access: managers },
    },
    async (req) => setRubric(req.ctx(), req.body),
  );
  r.get(
    "/v1/scoring/rubric/versions",
    {
      schema: {
        tags,
        summary: "Every saved version of a region's own rubric for a year, newest first",
        querystring: RubricQuery,
        response: { 200: RubricVersions, ...errs },
      },
      config: { access: readers },
    },
    async (req) => listRubricVersions(req.ctx(), req.query),
  );
  r.get(
    "/v1/scoring/scores",
    {
      schema: {
        tags,
        summary:
          "Department scores and rankings of a region (and the regions below it) for a period (2026, 2026-H1, 2026-Q1, 2026-03), each with the lines behind it",
        querystring: ScoresQuery,
        response: { 200: Scores, ...errs },
      },
      config: { access: readers },
    },
    async (req) => computeScores(req.ctx(), req.query),
  );
  r.get(
    "/v1/assignments/:id/quality-rating",
    {
      schema: {
        tags,
        summary: "The supervisors' quality rating of an assignment (null when not rated)",
        params: IdParams,
        response: { 200: QualityRating.nullable(), ...errs },
      },
      config: { access: ["admin", "supervisor", "department", "viewer"] },
    },
    async (req) => getQualityRatingOf(req.ctx(), req.params.id),
  );
  r.put(
    "/v1/assignments/:id/quality-rating",
    {
      schema: {
        tags,
        summary:
          "Rate the quality of a closed assignment (优秀/良好/一般/较差) with a reason; a change names the rating's version",
        params: IdParams,
        body: QualityRatingBody,
        response: { 200: QualityRating, ...errs },
      },
      config: { access: managers },
    },
    async (req) => rateQuality(req.ctx(), req.params.id, req.body),
  );
};
