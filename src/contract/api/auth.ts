import { z } from "zod";
import { User } from "./users.js";

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** Signed in: the session cookie is set; send `csrfToken` as X-CSRF-Token with every POST/PATCH/PUT/DELETE. */
export const LoginResponse = z
  .object({ user: User, csrfToken: z.string(), expiresAt: z.string() })
  .meta({ id: "LoginResponse" });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MeResponse = z
  .object({
    user: User,
    authMethod: z.enum(["session", "token"]),
    /** The session's CSRF token; null when signed in with an API token (which needs none). */
    csrfToken: z.string().nullable(),
  })
  .meta({ id: "Me" });
export type MeResponse = z.infer<typeof MeResponse>;

/**
 * Change a password. For one's own: `currentPassword` is required. An admin resets another user's password
 * by naming `userId` (no current password needed); that also lifts a lockout.
 */
export const ChangePasswordBody = z.object({
  userId: z.string().min(1).max(200).optional(),
  currentPassword: z.string().max(1024).optional(),
  newPassword: z.string().max(1024),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;
