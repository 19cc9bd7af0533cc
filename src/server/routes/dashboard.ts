import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { dashboardSummary } from "../../app/dashboard/dashboardSummary.js";
import { ErrorBody } from "../../contract/api/common.js";
import { DashboardQuery, DashboardSummary } from "../../contract/api/dashboard.js";
import type { RouteModule } from "./index.js";

/** The supervisor's dashboard: one aggregate for the charts and the overdue and due-soon lists. */
export const dashboardRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/v1/dashboard/summary",
    {
      schema: {
        tags: ["dashboard"],
        summary: "Tasks and assignments by status and lead department, overdue and due in the next 14 days",
        querystring: DashboardQuery,
        response: { 200: DashboardSummary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
      config: { access: ["admin", "supervisor", "viewer"] },
    },
    async (req) => dashboardSummary(req.ctx(), req.query),
  );
};
