import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { listAuditEntries } from "../../app/audit/listAudit.js";
import { AuditEntry, AuditQuery } from "../../contract/api/audit.js";
import { ErrorBody, page } from "../../contract/api/common.js";
import type { RouteModule } from "./index.js";

/** The audit log (append-only), for admins and supervisors. */
export const auditRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/v1/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Audit entries, newest first; a region's supervisor sees the entries about that region",
        querystring: AuditQuery,
        response: { 200: page(AuditEntry), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
      config: { access: ["admin", "supervisor"] },
    },
    async (req) => listAuditEntries(req.ctx(), req.query),
  );
};
