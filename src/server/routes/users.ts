import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../../app/auth/apiTokens.js";
import { createUser } from "../../app/users/createUser.js";
import { getUserById, listUsers } from "../../app/users/listUsers.js";
import { updateUser } from "../../app/users/updateUser.js";
import { ALL_ROLES } from "../../app/users/view.js";
import { ErrorBody } from "../../contract/api/common.js";
import {
  ApiToken,
  ApiTokenList,
  CreateApiTokenBody,
  CreatedApiToken,
  CreateUserBody,
  ListUsersQuery,
  TokenParams,
  UpdateUserBody,
  User,
  UserIdParams,
  UserPage,
} from "../../contract/api/users.js";
import type { RouteModule } from "./index.js";

const tags = ["users"];
const errorsOf = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const userRoutes: RouteModule = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/v1/users",
    {
      config: { access: ["admin", "supervisor"] },
      schema: {
        tags,
        summary: "Users (admins: all; supervisors: their region)",
        querystring: ListUsersQuery,
        response: { 200: UserPage, ...errorsOf },
      },
    },
    async (req) => listUsers(req.ctx(), req.query),
  );

  app.post(
    "/v1/users",
    {
      config: { access: ["admin"] },
      schema: {
        tags,
        summary: "Add a user",
        body: CreateUserBody,
        response: { 201: User, ...errorsOf, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const user = await createUser(req.ctx(), req.body);
      return reply.status(201).send(user);
    },
  );

  app.get(
    "/v1/users/:id",
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        summary: "One user (oneself; admins anyone; supervisors their region)",
        params: UserIdParams,
        response: { 200: User, ...errorsOf },
      },
    },
    async (req) => getUserById(req.ctx(), req.params.id),
  );

  app.patch(
    "/v1/users/:id",
    {
      config: { access: ["admin"] },
      schema: {
        tags,
        summary: "Change a user's role, region, department, name or disabled flag (with the version read)",
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: User, ...errorsOf, 409: ErrorBody },
      },
    },
    async (req) => updateUser(req.ctx(), req.params.id, req.body),
  );

  app.get(
    "/v1/users/:id/tokens",
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        summary: "A user's API tokens (owner or admin); never the secrets",
        params: UserIdParams,
        response: { 200: ApiTokenList, ...errorsOf },
      },
    },
    async (req) => ({ items: await listApiTokens(req.ctx(), req.params.id) }),
  );

  app.post(
    "/v1/users/:id/tokens",
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        summary: "Create an API token (owner or admin); the secret is shown only in this answer",
        params: UserIdParams,
        body: CreateApiTokenBody,
        response: { 201: CreatedApiToken, ...errorsOf },
      },
    },
    async (req, reply) => {
      const token = await createApiToken(req.ctx(), req.params.id, req.body.name);
      return reply.status(201).send(token);
    },
  );

  app.delete(
    "/v1/users/:id/tokens/:tokenId",
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        summary: "Revoke an API token (owner or admin); answers the token with its revokedAt",
        params: TokenParams,
        response: { 200: ApiToken, ...errorsOf },
      },
    },
    async (req) => revokeApiToken(req.ctx(), req.params.id, req.params.tokenId),
  );
};
