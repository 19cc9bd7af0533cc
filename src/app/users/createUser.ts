import type { User } from "../../contract/api/users.js";
import { DubanError, ErrorCode } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import { findUserByUsername, getUser, insertUser } from "../../db/repos/users.js";
import type { Role } from "../../db/schema.js";
import { checkPasswordPolicy, hashPassword } from "../auth/password.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { checkPlacement } from "./scope.js";
import { checkUsername, isUniqueViolation, toUserView } from "./view.js";

export interface CreateUserInput {
  username: string;
  password: string;
  role: Role;
  displayName?: string | null | undefined;
  regionId?: string | null | undefined;
  departmentId?: string | null | undefined;
}

export function usernameTaken(username: string): DubanError {
  return new DubanError(
    ErrorCode.Conflict,
    `username "${username}" is already taken`,
    `用户名“${username}”已被使用`,
    { target: "username" },
  );
}

/** Adds a user (admins only). The password is hashed with argon2id; the plain text goes nowhere. */
export async function createUser(ctx: AppContext, input: CreateUserInput): Promise<User> {
  requireRole(ctx.actor, "admin");
  const username = checkUsername(input.username);
  checkPasswordPolicy(input.password);
  const displayName = input.displayName?.trim() || username;
  if ([...displayName].length > 100)
    throw new DubanError(
      ErrorCode.InvalidArgument,
      "displayName: at most 100 characters",
      "displayName：最多 100 个字符",
      {
        target: "displayName",
      },
    );
  const placement = await checkPlacement(ctx.db.kysely, {
    role: input.role,
    regionId: input.regionId ?? null,
    departmentId: input.departmentId ?? null,
  });
  if (await findUserByUsername(ctx.db.kysely, username)) throw usernameTaken(username);
  // Hashing is deliberate CPU work: done before the transaction so the database is not held meanwhile.
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      await insertUser(tx, {
        id,
        username,
        displayName,
        passwordHash,
        ...placement,
        createdAt: ctx.now().toISOString(),
      });
      const row = await getUser(tx, id);
      if (!row) throw new Error("user vanished after insert");
      const view = toUserView(row);
      await audit({ action: "user.create", entityType: "user", entityId: id, after: view });
      return view;
    });
  } catch (err) {
    // Two admins adding the same name at once: the unique index decides.
    if (isUniqueViolation(err)) throw usernameTaken(username);
    throw err;
  }
}
