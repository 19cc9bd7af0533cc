import type { FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { changePassword } from "../../app/auth/changePassword.js";
import { login } from "../../app/auth/login.js";
import { logout, me } from "../../app/auth/session.js";
import { hashToken } from "../../app/auth/tokens.js";
import { ALL_ROLES } from "../../app/users/view.js";
import {
  ChangePasswordBody,
  LoginBody,
  LoginResponse,
  MeResponse,
  OkResponse,
} from "../../contract/api/auth.js";
import { ErrorBody } from "../../contract/api/common.js";
import { isDubanError } from "../../core/errors.js";
import { SESSION_COOKIE } from "../auth/plugin.js";
import type { RouteModule } from "./index.js";

/** The session id (sha256 of the cookie token) of a cookie-authenticated request; null otherwise. */
export function sessionIdOf(req: FastifyRequest): string | null {
  const token = req.cookies[SESSION_COOKIE];
  return req.authMethod === "session" && token ? hashToken(token) : null;
}

/** 429 and 423 tell the client when to come back. */
function withRetryAfter(reply: FastifyReply, err: unknown): never {
  if (isDubanError(err) && typeof err.details.retryAfterSeconds === "number")
    void reply.header("retry-after", String(err.details.retryAfterSeconds));
  throw err;
}

const tags = ["auth"];
const errorsOf = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export const authRoutes: RouteModule = async (base, { deps }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/v1/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Sign in with username and password; sets the duban_session cookie",
        body: LoginBody,
        response: { 200: LoginResponse, ...errorsOf, 423: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const result = await login(
        req.ctx(),
        { username: req.body.username, password: req.body.password, ip: req.ip },
        deps.config,
      ).catch((err: unknown) => withRetryAfter(reply, err));
      void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: deps.config.secureCookies,
        expires: new Date(result.expiresAt),
      });
      return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt };
    },
  );

  app.post(
    "/v1/auth/logout",
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        summary: "Sign out: ends this session and clears the cookie",
        response: { 200: OkResponse },
      },
    },
    async (req, reply) => {
      await logout(req.ctx(), sessionIdOf(req));
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  );

  app.get(
    "/v1/auth/me",
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        summary: "The signed-in user, and the session's CSRF token",
        response: { 200: MeResponse, 401: ErrorBody },
      },
    },
    async (req) => me(req.ctx(), { method: req.authMethod ?? "session", sessionId: sessionIdOf(req) }),
  );

  app.post(
    "/v1/auth/password",
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        summary: "Change one's own password (current password needed) or, as admin, reset another user's",
        body: ChangePasswordBody,
        response: { 200: OkResponse, ...errorsOf, 404: ErrorBody },
      },
    },
    async (req) => {
      await changePassword(req.ctx(), req.body, sessionIdOf(req));
      return { ok: true as const };
    },
  );
};
