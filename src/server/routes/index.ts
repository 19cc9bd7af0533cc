import type { FastifyPluginAsync } from "fastify";
import type { ServerDeps } from "../app.js";
import { healthRoutes } from "./health.js";

export type RouteOptions = { deps: Required<Pick<ServerDeps, "db" | "config" | "now">> };
export type RouteModule = FastifyPluginAsync<RouteOptions>;

/** Every route module, registered under /api. Each area of the API adds its module here. */
export const routeModules: RouteModule[] = [healthRoutes];
