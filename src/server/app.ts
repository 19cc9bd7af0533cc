import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Actor } from "../app/actor.js";
import type { AppContext } from "../app/context.js";
import { DubanError, ErrorCode, isDubanError } from "../core/errors.js";
import type { Db } from "../db/database.js";
import type { Role } from "../db/schema.js";
import { authPlugin } from "./auth/plugin.js";
import type { ServerConfig } from "./config.js";
import { routeModules } from "./routes/index.js";

export interface ServerDeps {
  db: Db;
  config: ServerConfig;
  /** Clock for use cases; tests move it. */
  now?: () => Date;
  logger?: boolean;
  /** The built web app (dist/web): served at "/" with index.html for every other non-API path. */
  webRoot?: string | null;
}

/** The web app's pages may run only their own scripts; antd puts its styles in <style> elements. */
const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export type App = FastifyInstance & { withTypeProvider(): App };
export type ZodApp = ReturnType<FastifyInstance["withTypeProvider"]> & FastifyInstance;

/** Who may call a route: "public" (anyone, also without login) or the roles allowed. Every /api/v1 route declares it. */
export type Access = "public" | Role[];

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Who sent the request: from the session cookie or an API token; null for the public. */
    actor: Actor | null;
    authMethod: "session" | "token" | null;
    /** The use-case context for this request. */
    ctx(): AppContext;
  }
}

function errorBody(err: DubanError) {
  return { error: { code: err.code, message: err.message, messageZh: err.messageZh, details: err.details } };
}

/** The HTTP server: thin routes over the use cases, one error shape, OpenAPI generated from the zod schemas. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.config.maxUploadBytes,
    // Client addresses (login throttling) come from X-Forwarded-For only behind a proxy the operator names.
    trustProxy: deps.config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built from the same zod-inferred types the schemas describe, so they are checked at compile
  // time; re-validating every response at run time cost more than the rest of a list request.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 20 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: "duban API",
        version: "1",
        description: "督办: reports, facts, tasks and their supervision",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "duban_session" },
          token: { type: "http", scheme: "bearer" },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.decorateRequest("actor", null);
  app.decorateRequest("authMethod", null);
  app.decorateRequest("ctx", function (this: { actor: Actor | null }) {
    return { db: deps.db, actor: this.actor, now };
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (isDubanError(err)) return reply.status(err.httpStatus).send(errorBody(err));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field = first?.instancePath
        ? first.instancePath.replace(/^\//, "").replace(/\//g, ".")
        : "request";
      const msg = first?.message ?? "invalid request";
      return reply.status(400).send(
        errorBody(
          new DubanError(ErrorCode.InvalidArgument, `${field}: ${msg}`, `请求参数有误：${field}`, {
            target: field,
            issues: err.validation.map((v) => ({ path: v.instancePath, message: v.message })),
          }),
        ),
      );
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === "FST_REQ_FILE_TOO_LARGE") {
      return reply
        .status(413)
        .send(
          errorBody(
            new DubanError(
              ErrorCode.PayloadTooLarge,
              `upload larger than ${deps.config.maxUploadBytes} bytes`,
              `上传内容超过大小限制（${Math.round(deps.config.maxUploadBytes / 1048576)} MB）`,
            ),
          ),
        );
    }
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send(errorBody(new DubanError(ErrorCode.InvalidArgument, err.message, "请求有误")));
    }
    req.log.error({ err }, "unhandled error");
    return reply
      .status(500)
      .send(errorBody(new DubanError(ErrorCode.Internal, "internal error", "服务器内部错误")));
  });
  // The web app, when built: its files at "/", and index.html for any other GET outside /api and /assets
  // (the app's own routes, e.g. /reports/r1, load the app, which then shows the page).
  const webRoot = deps.webRoot && existsSync(join(deps.webRoot, "index.html")) ? deps.webRoot : null;
  const indexHtml = webRoot ? readFileSync(join(webRoot, "index.html")) : null;
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split("?")[0] ?? "";
    if (indexHtml && (req.method === "GET" || req.method === "HEAD") && !/^\/(api|assets)(\/|$)/.test(path))
      return reply
        .status(200)
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-cache")
        .header("content-security-policy", WEB_CSP)
        .send(indexHtml);
    return reply
      .status(404)
      .send(errorBody(new DubanError(ErrorCode.NotFound, `no route ${req.method} ${req.url}`, "接口不存在")));
  });
  if (webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: "/",
      decorateReply: false,
      setHeaders: (reply, filePath) => {
        if (filePath.endsWith(".html")) {
          void reply.header("cache-control", "no-cache");
          void reply.header("content-security-policy", WEB_CSP);
        } else if (/[\\/]assets[\\/]/.test(filePath)) {
          // Vite names assets by content hash.
          void reply.header("cache-control", "public, max-age=31536000, immutable");
        }
      },
    });
  }

  // Every versioned route must say who may call it; a route without a declaration is a programming error.
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/v1/") && route.method !== "HEAD" && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} declares no config.access`);
    }
  });
  // The role check itself runs in the auth plugin's onRequest hook, as soon as the actor is known and before
  // any body is read: 401 without an actor, 403 for a role not listed.
  await app.register(authPlugin, { db: deps.db, config: deps.config, now });
  for (const mod of routeModules) await app.register(mod, { prefix: "/api", deps: { ...deps, now } });
  return app;
}
