import { randomBytes } from "node:crypto";
import type { User } from "../../contract/api/users.js";
import { DubanError, ErrorCode } from "../../core/errors.js";
import { countAttempt, pruneThrottle } from "../../db/repos/loginThrottle.js";
import { deleteExpiredSessions, insertSession } from "../../db/repos/sessions.js";
import {
  clearFailedLogins,
  countFailedLogin,
  findUserByUsername,
  lockUser,
  rehashPassword,
} from "../../db/repos/users.js";
import { resolveActor } from "../actor.js";
import { type AppContext, inTransaction } from "../context.js";
import { normalizeUsername, toUserView } from "../users/view.js";
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from "./password.js";
import { hashToken } from "./tokens.js";

/** The login rules; the server's config carries them (see src/server/config.ts). */
export interface LoginPolicy {
  sessionTtlHours: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  loginAttemptsPerMinute: number;
}

export interface LoginInput {
  username: string;
  password: string;
  /** The caller's address, for per-address rate limiting and the audit log. */
  ip: string;
}

export interface LoginResult {
  user: User;
  /** The session cookie's value: shown to this caller once, stored only as its sha256. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
}

const WINDOW_MS = 60_000;

/** The one answer for an unknown user and a wrong password alike. */
export function invalidCredentials(): DubanError {
  return new DubanError(ErrorCode.Unauthorized, "wrong username or password", "用户名或密码错误");
}

/** Beijing time, to the minute, for messages that tell when to try again. */
function beijingTime(iso: string): string {
  return new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

export function accountLocked(lockedUntil: string, now: Date): DubanError {
  const seconds = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new DubanError(
    ErrorCode.AccountLocked,
    `account locked after too many failed logins; try again after ${lockedUntil} (in about ${minutes} min)`,
    `登录失败次数过多，账户已被锁定，请于北京时间 ${beijingTime(lockedUntil)} 之后（约 ${minutes} 分钟后）再试`,
    { lockedUntil, retryAfterSeconds: seconds },
  );
}

function rateLimited(retryAfterSeconds: number): DubanError {
  return new DubanError(
    ErrorCode.RateLimited,
    `too many login attempts from your address; try again in ${retryAfterSeconds} s`,
    `登录尝试过于频繁，请 ${retryAfterSeconds} 秒后再试`,
    { retryAfterSeconds },
  );
}

/**
 * Signs a user in with username and password and opens a session.
 *
 * - Every attempt counts against the caller's address (login_throttle, key "ip:<addr>", one-minute windows),
 *   in the database so that all server processes share the count; over the limit → RATE_LIMITED.
 * - An unknown user and a wrong password get the same 401 and take the same time.
 * - Each wrong password counts on the user; at `maxFailedLogins` the account locks for `lockoutMinutes`
 *   (ACCOUNT_LOCKED, saying until when). The failures are committed before the error is thrown.
 * - Success clears the count, opens a session (random 32-byte token, sha256 stored) and audits "auth.login".
 */
export async function login(ctx: AppContext, input: LoginInput, policy: LoginPolicy): Promise<LoginResult> {
  const db = ctx.db.kysely;
  const now = ctx.now();
  const nowIso = now.toISOString();

  const throttle = await countAttempt(db, `ip:${input.ip}`, now, WINDOW_MS);
  if (throttle.attempts === 1) await pruneThrottle(db, new Date(now.getTime() - 60 * WINDOW_MS));
  if (throttle.attempts > policy.loginAttemptsPerMinute) {
    const left = Date.parse(throttle.windowStart) + WINDOW_MS - now.getTime();
    throw rateLimited(Math.max(1, Math.ceil(left / 1000)));
  }

  const user = await findUserByUsername(db, normalizeUsername(input.username));
  if (!user) {
    await verifyAgainstNothing(input.password);
    throw invalidCredentials();
  }
  if (user.locked_until && user.locked_until > nowIso) throw accountLocked(user.locked_until, now);

  if (!(await verifyPassword(user.password_hash, input.password))) {
    const lockedUntil = await inTransaction(ctx, async (tx, audit) => {
      const failures = await countFailedLogin(tx, user.id, nowIso);
      if (failures < policy.maxFailedLogins) {
        await audit({
          action: "auth.login_failed",
          entityType: "user",
          entityId: user.id,
          after: { failedLogins: failures, ip: input.ip },
        });
        return null;
      }
      const until = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
      await lockUser(tx, user.id, until);
      await audit({
        action: "auth.lockout",
        entityType: "user",
        entityId: user.id,
        before: { lockedUntil: null },
        after: { failedLogins: failures, lockedUntil: until, ip: input.ip },
      });
      return until;
    });
    if (lockedUntil) throw accountLocked(lockedUntil, now);
    throw invalidCredentials();
  }
  if (user.disabled !== 0)
    throw new DubanError(
      ErrorCode.Forbidden,
      "forbidden: this account is disabled; ask an administrator",
      "该账户已停用，请联系管理员",
    );

  const rehashed = needsRehash(user.password_hash) ? await hashPassword(input.password) : null;
  const sessionToken = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + policy.sessionTtlHours * 3_600_000).toISOString();
  await inTransaction({ ...ctx, actor: await resolveActor(ctx.db.kysely, user) }, async (tx, audit) => {
    await clearFailedLogins(tx, user.id);
    await deleteExpiredSessions(tx, user.id, nowIso);
    await insertSession(tx, {
      id: hashToken(sessionToken),
      userId: user.id,
      csrfToken,
      createdAt: nowIso,
      expiresAt,
    });
    if (rehashed) await rehashPassword(tx, user.id, user.password_hash, rehashed);
    await audit({
      action: "auth.login",
      entityType: "user",
      entityId: user.id,
      ...(user.failed_logins > 0 || user.locked_until
        ? { before: { failedLogins: user.failed_logins, lockedUntil: user.locked_until } }
        : {}),
      after: { ip: input.ip, sessionExpiresAt: expiresAt },
    });
  });
  return {
    user: toUserView({ ...user, failed_logins: 0, locked_until: null }),
    sessionToken,
    csrfToken,
    expiresAt,
  };
}
