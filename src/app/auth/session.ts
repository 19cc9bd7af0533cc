import type { MeResponse } from "../../contract/api/auth.js";
import { errors } from "../../core/errors.js";
import { deleteSession, findLiveSession } from "../../db/repos/sessions.js";
import { getUser } from "../../db/repos/users.js";
import { type AppContext, inTransaction } from "../context.js";
import { requireRole } from "../guard.js";
import { ALL_ROLES, toUserView } from "../users/view.js";

/**
 * Ends the caller's session (`sessionId` is the sha256 of the cookie token). Signed in with an API token
 * there is no session to end: nothing happens (revoke the token instead).
 */
export async function logout(ctx: AppContext, sessionId: string | null): Promise<{ ended: boolean }> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  if (!sessionId) return { ended: false };
  return inTransaction(ctx, async (tx, audit) => {
    const gone = await deleteSession(tx, sessionId);
    if (!gone || gone.userId !== actor.id) return { ended: false };
    await audit({ action: "auth.logout", entityType: "user", entityId: actor.id });
    return { ended: true };
  });
}

/** The signed-in user, and for a session the CSRF token the web app must send with every change. */
export async function me(
  ctx: AppContext,
  auth: { method: "session" | "token"; sessionId: string | null },
): Promise<MeResponse> {
  const actor = requireRole(ctx.actor, ...ALL_ROLES);
  const row = await getUser(ctx.db.kysely, actor.id);
  if (!row) throw errors.unauthorized();
  let csrfToken: string | null = null;
  if (auth.method === "session" && auth.sessionId) {
    const s = await findLiveSession(ctx.db.kysely, auth.sessionId, ctx.now().toISOString());
    if (!s || s.user_id !== actor.id) throw errors.unauthorized();
    csrfToken = s.csrf_token;
  }
  return { user: toUserView(row), authMethod: auth.method, csrfToken };
}
