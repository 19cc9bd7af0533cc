import { randomBytes } from "node:crypto";
import { hasAnyUser } from "../../db/repos/users.js";
import { SYSTEM_ACTOR } from "../actor.js";
import type { AppContext } from "../context.js";
import { createUser } from "./createUser.js";

export interface FirstAdmin {
  username: string;
  /** Shown once to whoever started the server; stored only as its argon2id hash. */
  password: string;
  generated: boolean;
}

/**
 * A ledger with no account yet gets an admin, so the first start leads straight to a sign-in. The password is
 * the one given (DUBAN_ADMIN_PASSWORD) or a random one. Returns null when accounts exist — including when
 * another server process on the same database created the admin a moment earlier.
 */
export async function ensureFirstAdmin(
  ctx: AppContext,
  opts: {
    username?: string | undefined;
    password?: string | undefined;
    displayName?: string | undefined;
  } = {},
): Promise<FirstAdmin | null> {
  if (await hasAnyUser(ctx.db.kysely)) return null;
  const username = opts.username ?? "admin";
  const generated = !opts.password;
  // 18 random bytes in base64url: 24 characters, no look-alike punctuation to mistype.
  const password = opts.password ?? randomBytes(18).toString("base64url");
  try {
    await createUser(
      { ...ctx, actor: SYSTEM_ACTOR },
      { username, password, role: "admin", displayName: opts.displayName ?? "管理员" },
    );
  } catch (err) {
    // Two servers starting on one empty database: the second finds the name taken, and that is fine.
    if (await hasAnyUser(ctx.db.kysely)) return null;
    throw err;
  }
  return { username, password, generated };
}
