import type { User } from "../../contract/api/users.js";
import { errors } from "../../core/errors.js";
import type { Role, UserRow } from "../../db/schema.js";

export const ALL_ROLES: Role[] = ["admin", "supervisor", "department", "viewer"];

/** A user as shown to anyone: everything but the password hash. */
export function toUserView(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    regionId: row.region_id,
    departmentId: row.department_id,
    disabled: row.disabled !== 0,
    lockedUntil: row.locked_until,
    failedLogins: Number(row.failed_logins),
    createdAt: row.created_at,
    version: Number(row.version),
  };
}

const USERNAME = /^[\p{L}\p{N}._@-]{2,64}$/u;

/** Usernames compare without regard to width or case: "Zhang" and "ｚｈａｎｇ" are the same person. */
export function normalizeUsername(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}

/** A valid, normalized username, or INVALID_ARGUMENT. */
export function checkUsername(raw: string): string {
  const name = normalizeUsername(raw);
  if (!USERNAME.test(name))
    throw errors.invalid(
      "username",
      "2–64 letters, digits or . _ - @",
      "用户名须为 2–64 个字母、数字或 . _ - @ 字符",
    );
  return name;
}

/** Is this error a unique-constraint violation (SQLite or PostgreSQL)? */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}
