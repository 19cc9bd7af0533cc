import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../app.js";
import { assignmentRoutes } from "./assignments.js";
import { auditRoutes } from "./audit.js";
import { authRoutes } from "./auth.js";
import { dashboardRoutes } from "./dashboard.js";
import { decompositionRoutes } from "./decomposition.js";
import { departmentImportRoutes } from "./departmentImport.js";
import { departmentRoutes } from "./departments.js";
import { documentRoutes } from "./documents.js";
import { factExportRoutes } from "./factExport.js";
import { factRoutes } from "./facts.js";
import { healthRoutes } from "./health.js";
import { indicatorRoutes } from "./indicators.js";
import { notificationRoutes } from "./notifications.js";
import { progressRoutes } from "./progress.js";
import { regionRoutes } from "./regions.js";
import { reportRoutes } from "./reports.js";
import { scoringRoutes } from "./scoring.js";
import { supervisionRoutes } from "./supervision.js";
import { taskRoutes } from "./tasks.js";
import { userRoutes } from "./users.js";

export type RouteOptions = { deps: Required<Pick<ServerDeps, "db" | "config" | "now">> };
export type RouteModule = FastifyPluginAsync<RouteOptions>;

/** Every route module, registered under /api. Each area of the API adds its module here. */
export const routeModules: RouteModule[] = [
  healthRoutes,
  authRoutes,
  userRoutes,
  regionRoutes,
  departmentRoutes,
  departmentImportRoutes,
  assignmentRoutes,
  progressRoutes,
  supervisionRoutes,
  auditRoutes,
  reportRoutes,
  factRoutes,
  factExportRoutes,
  indicatorRoutes,
  taskRoutes,
  notificationRoutes,
  decompositionRoutes,
  dashboardRoutes,
  scoringRoutes,
  documentRoutes,
];
