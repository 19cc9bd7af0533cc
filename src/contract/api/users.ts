import { z } from "zod";
import { PageQuery, page, VersionedBody } from "./common.js";

/** The four roles: admin (everything), supervisor (a region), department (one department), viewer (read). */
export const RoleSchema = z.enum(["admin", "supervisor", "department", "viewer"]);
export type RoleName = z.infer<typeof RoleSchema>;

/** A user as the API shows it. Never the password hash. */
export const User = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    regionId: z.string().nullable(),
    departmentId: z.string().nullable(),
    disabled: z.boolean(),
    /** Locked after too many failed logins until this time (ISO-8601); null when not locked. */
    lockedUntil: z.string().nullable(),
    failedLogins: z.number().int(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "User" });
export type User = z.infer<typeof User>;

/** Letters (any script), digits and . _ - @; compared without regard to case. */
export const Username = z.string().trim().min(2).max(64);

/** Passwords are checked by the use case (at least 8 characters) so the message can say exactly that. */
const Password = z.string().max(1024);

export const CreateUserBody = z.object({
  username: Username,
  displayName: z.string().trim().max(100).optional(),
  password: Password,
  role: RoleSchema,
  regionId: z.string().max(200).nullable().optional(),
  departmentId: z.string().max(200).nullable().optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

/** Only the fields given change; `version` is the one the client read. */
export const UpdateUserBody = VersionedBody.extend({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: RoleSchema.optional(),
  regionId: z.string().max(200).nullable().optional(),
  departmentId: z.string().max(200).nullable().optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const ListUsersQuery = PageQuery.extend({
  role: RoleSchema.optional(),
  /** Part of the username or display name. */
  q: z.string().trim().min(1).max(100).optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const UserPage = page(User);
export type UserPage = z.infer<typeof UserPage>;

export const UserIdParams = z.object({ id: z.string().min(1).max(200) });
export const TokenParams = z.object({ id: z.string().min(1).max(200), tokenId: z.string().min(1).max(200) });

/** An API token as listed: never the token nor its hash. */
export const ApiToken = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiToken = z.infer<typeof ApiToken>;

export const ApiTokenList = z.object({ items: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

export const CreateApiTokenBody = z.object({ name: z.string().trim().min(1).max(100) });
export type CreateApiTokenBody = z.infer<typeof CreateApiTokenBody>;

/** The new token, with its secret ("dbn_…") shown this once: it cannot be read again. */
export const CreatedApiToken = ApiToken.extend({ token: z.string() }).meta({ id: "CreatedApiToken" });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
