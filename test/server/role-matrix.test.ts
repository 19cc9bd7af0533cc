import type { FastifyInstance, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema.js";
import { type Access, buildServer } from "../../src/server/app.js";
import { ServerConfig } from "../../src/server/config.js";
import { type RouteModule, routeModules } from "../../src/server/routes/index.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import { seedDepartment, seedRegion, seedToken, seedUser } from "./auth.support.js";

interface Route {
  method: string;
  url: string;
  access: Access | undefined;
}

/**
 * Builds the server while recording every route it registers: a collector (wrapped with fastify-plugin so its
 * onRoute hook sits on the root) runs before every route module.
 */
async function buildRecording(
  db: TestDb,
  publicReadOnly: boolean,
): Promise<{ app: FastifyInstance; routes: Route[] }> {
  const routes: Route[] = [];
  const collector: RouteModule = fp(async (app: FastifyInstance) => {
    app.addHook("onRoute", (r: RouteOptions) => {
      for (const method of [r.method].flat())
        routes.push({ method, url: r.url, access: (r.config as { access?: Access } | undefined)?.access });
    });
  });
  routeModules.unshift(collector);
  try {
    const app = await buildServer({
      db,
      config: ServerConfig.parse({ loginAttemptsPerMinute: 10_000, publicReadOnly }),
    });
    await app.ready();
    return { app, routes };
  } finally {
    routeModules.splice(routeModules.indexOf(collector), 1);
  }
}

const ROLES: Role[] = ["admin", "supervisor", "department", "viewer"];
/** An id no row has: path parameters get it, so no call changes anything that exists. */
const DUMMY = "0000000000000000deadbeef";

/**
 * What the access check must answer. "open": anything but 401/403. "closed-to-public": a public read route on a
 * server without DUBAN_PUBLIC, which may also tell the anonymous caller to sign in (401), but never 403.
 */
function expected(
  r: Route,
  role: Role | "anonymous",
  publicReadOnly: boolean,
): "open" | "closed-to-public" | 401 | 403 {
  const access = r.access;
  if (access === undefined || access === "public") {
    const login = r.url === "/api/v1/auth/login";
    return role === "anonymous" && !publicReadOnly && !login ? "closed-to-public" : "open";
  }
  if (role === "anonymous") return 401;
  return access.includes(role) ? "open" : 403;
}

const MODES = DIALECTS.flatMap((dialect) => [
  { dialect, publicReadOnly: true },
  { dialect, publicReadOnly: false },
]);

describe.each(MODES)(
  "role matrix of every /api/v1 route on $dialect, publicReadOnly $publicReadOnly",
  ({ dialect, publicReadOnly }) => {
    let db: TestDb;
    let app: FastifyInstance;
    let routes: Route[];
    const auth: Record<Role | "anonymous", Record<string, string>> = {
      anonymous: {},
      admin: {},
      supervisor: {},
      department: {},
      viewer: {},
    };

    beforeAll(async () => {
      db = await freshDb(dialect);
      ({ app, routes } = await buildRecording(db, publicReadOnly));
      routes = routes.filter((r) => r.url.startsWith("/api/v1/") && r.method !== "HEAD");
      const region = await seedRegion(db, "矩阵县");
      const department = await seedDepartment(db, "矩阵局", region);
      for (const role of ROLES) {
        const user = await seedUser(db, {
          role,
          ...(role === "supervisor" || role === "viewer" ? { regionId: region } : {}),
          ...(role === "department" ? { departmentId: department } : {}),
        });
        auth[role] = { authorization: `Bearer ${await seedToken(db, user.id)}` };
      }
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it("finds the routes of every area, each declaring who may call it", () => {
      const keys = routes.map((r) => `${r.method} ${r.url}`);
      expect(keys).toEqual(
        expect.arrayContaining([
          "POST /api/v1/auth/login",
          "POST /api/v1/auth/logout",
          "GET /api/v1/auth/me",
          "POST /api/v1/auth/password",
          "GET /api/v1/users",
          "POST /api/v1/users",
          "GET /api/v1/users/:id",
          "PATCH /api/v1/users/:id",
          "GET /api/v1/users/:id/tokens",
          "POST /api/v1/users/:id/tokens",
          "DELETE /api/v1/users/:id/tokens/:tokenId",
          "GET /api/v1/notifications",
          "GET /api/v1/notifications/unread-count",
          "POST /api/v1/notifications/:id/read",
          "POST /api/v1/notifications/read-all",
          "GET /api/v1/notification-channels",
          "POST /api/v1/notification-channels/:id/test",
          "GET /api/v1/notification-templates",
          "PATCH /api/v1/notification-templates/:id",
          "GET /api/v1/reminders",
          "POST /api/v1/reminders/:id/retry",
          "GET /api/v1/deliveries",
          "POST /api/v1/assignments/:id/acknowledge",
          "POST /api/v1/assignments/:id/decline",
          "POST /api/v1/assignments/:id/reassign",
          "POST /api/v1/progress/:id/review",
          "POST /api/v1/assignments/:id/closure",
          "POST /api/v1/assignments/:id/closure/decision",
          "POST /api/v1/assignments/:id/extensions",
          "POST /api/v1/extensions/:id/decision",
          "GET /api/v1/assignments/:id/history",
          "GET /api/v1/supervision/rules",
          "POST /api/v1/supervision/rules",
          "POST /api/v1/supervision/recompute",
          "GET /api/v1/calendar",
          "POST /api/v1/calendar/days",
          "DELETE /api/v1/calendar/days/:day",
          "GET /api/v1/facts/export.xlsx",
          "POST /api/v1/departments/import",
          "GET /api/v1/reports/:id/decomposition",
          "GET /api/v1/reports/:id/decomposition/export",
          "POST /api/v1/reports/:id/decomposition/import",
          "GET /api/v1/dashboard/summary",
          "GET /api/v1/scoring/rubric",
          "PUT /api/v1/scoring/rubric",
          "GET /api/v1/scoring/rubric/versions",
          "GET /api/v1/scoring/scores",
          "GET /api/v1/assignments/:id/quality-rating",
          "PUT /api/v1/assignments/:id/quality-rating",
          "GET /api/v1/documents/bulletin",
          "GET /api/v1/documents/bulletin.docx",
          "GET /api/v1/documents/ledger.xlsx",
        ]),
      );
      expect(routes.filter((r) => r.access === undefined)).toEqual([]);
      expect(routes.filter((r) => r.access === "public").map((r) => `${r.method} ${r.url}`)).toContain(
        "POST /api/v1/auth/login",
      );
    });

    for (const role of ["anonymous", ...ROLES] as const) {
      it(`${role}: 401 without sign-in, 403 for an unlisted role, never 401/403 for a listed one`, async () => {
        const mismatches: string[] = [];
        for (const r of routes) {
          const url = r.url.replace(/:[A-Za-z_]+/g, DUMMY);
          const hasBody = r.method === "POST" || r.method === "PATCH" || r.method === "PUT";
          const res = await app.inject({
            method: r.method as "GET",
            url,
            headers: auth[role],
            ...(hasBody ? { payload: {} } : {}),
          });
          const want = expected(r, role, publicReadOnly);
          const ok =
            want === "open"
              ? res.statusCode !== 401 && res.statusCode !== 403
              : want === "closed-to-public"
                ? res.statusCode !== 403
                : res.statusCode === want;
          if (!ok)
            mismatches.push(
              `${r.method} ${r.url} access=${JSON.stringify(r.access)}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`,
            );
        }
        expect(mismatches).toEqual([]);
      });
    }
  },
);
