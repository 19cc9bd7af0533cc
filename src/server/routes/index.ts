import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../app.js";
import { assignmentRoutes } from "./assignments.js";
import { auditRoutes } from "./audit.js";
import { authRoutes } from "./auth.js";
import { departmentRoutes } from "./departments.js";
import { factRoutes } from "./facts.js";
import { healthRoutes } from "./health.js";
import { indicatorRoutes } from "./indicators.js";
import { progressRoutes } from "./progress.js";
import { regionRoutes } from "./regions.js";
import { reportRoutes } from "./reports.js";
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
  assignmentRoutes,
  progressRoutes,
  auditRoutes,
  reportRoutes,
  factRoutes,
  indicatorRoutes,
  taskRoutes,
];
