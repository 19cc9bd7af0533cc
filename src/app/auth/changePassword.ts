import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { deleteUserSessions } from "../../db/repos/sessions.js";
import { getUser, setPasswordHash } from "../../db/repos/users.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { ALL_ROLES } from "../users/view.js";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./password.js";

export interface ChangePasswordInput {
  /** Whose password; the caller's own when absent. Only admins may name someone else. */
  userId?: string | undefined;
  /** Required when changing one's own password. */
  currentPassword?: string | undefined;
  newPassword: string;
}

/**
 * Sets a new password. One's own needs the current one; an admin resets anyone else's without it, which also
 * lifts a lockout. Every other session of that user ends (the caller's own current session stays).
 */
export async function changePassword(
  ctx: AppContext,
  input: ChangePasswordInput,
  currentSessionId: string | null = null,
): Promise<{ sessionsEnded: number }> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  const targetId = input.userId ?? actor.id;
  const self = targetId === actor.id;
  if (!self) requireRole(actor, "admin");
  const row = await getUser(ctx.db.kysely, targetId);
  if (!row) throw errors.notFound("user", targetId);
  if (self) {
    if (!input.currentPassword || !(await verifyPassword(row.password_hash, input.currentPassword)))
      throw new DubanError(
        ErrorCode.InvalidArgument,
        "currentPassword: the current password is wrong",
        "当前密码不正确",
        { target: "currentPassword" },
      );
  }
  checkPasswordPolicy(input.newPassword, "newPassword");
  if (self && input.currentPassword === input.newPassword)
    throw errors.invalid("newPassword", "must differ from the current password", "新密码不能与当前密码相同");
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(ctx, async (tx, audit) => {
    await setPasswordHash(tx, targetId, passwordHash);
    const sessionsEnded = await deleteUserSessions(
      tx,
      targetId,
      self ? (currentSessionId ?? undefined) : undefined,
    );
    await audit({
      action: self ? "user.password_change" : "user.password_reset",
      entityType: "user",
      entityId: targetId,
      before: { version: row.version, failedLogins: row.failed_logins, lockedUntil: row.locked_until },
      after: { version: row.version + 1, failedLogins: 0, lockedUntil: null, sessionsEnded },
    });
    return { sessionsEnded };
  });
}
