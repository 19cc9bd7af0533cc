import { createHash } from "node:crypto";
import { type Algorithm, hash } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../src/server/app.js";
import { ServerConfig } from "../../src/server/config.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import {
  type App,
  auditOf,
  loginAs,
  PASSWORD,
  seedToken,
  seedUser,
  testClock,
  uname,
} from "./auth.support.js";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const MINUTE = 60_000;

describe.each(DIALECTS)("sign-in and sessions on %s", (dialect) => {
  let db: TestDb;
  let app: App;
  const clock = testClock();
  beforeAll(async () => {
    db = await freshDb(dialect);
    // A generous per-address limit here; the rate-limit tests use their own servers.
    app = await buildServer({
      db,
      config: ServerConfig.parse({ loginAttemptsPerMinute: 10_000 }),
      now: clock.now,
    });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const login = (username: string, password: string, remoteAddress = "127.0.0.1") =>
    app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password }, remoteAddress });
  const userRow = (id: string) =>
    db.kysely.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  it("signs in: httpOnly SameSite=Lax cookie, session stored as sha256 of the token, audited", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const res = await login(user.username.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: user.id, username: user.username, role: "viewer" });
    expect(JSON.stringify(body)).not.toMatch(/password|argon2/i);
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const raw = String(res.headers["set-cookie"]);
    expect(raw).toMatch(/^duban_session=[A-Za-z0-9_-]{43};/);
    expect(raw).toContain("HttpOnly");
    expect(raw).toContain("SameSite=Lax");
    expect(raw).toContain("Path=/");
    expect(raw).not.toContain("Secure");
    const cookie = res.cookies.find((c) => c.name === "duban_session");
    expect(cookie).toBeDefined();
    const token = cookie?.value ?? "";
    expect(new Date(cookie?.expires ?? 0).getTime()).toBe(clock.now().getTime() + 12 * 3_600_000);

    const sessions = await db.kysely
      .selectFrom("sessions")
      .selectAll()
      .where("user_id", "=", user.id)
      .execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.id).toBe(sha256(token));
    expect(sessions[0]?.csrf_token).toBe(body.csrfToken);

    const audit = await auditOf(db, "auth.login", user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(user.id);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(token);
    expect(text).not.toContain(sha256(token));
    expect(text).not.toContain(body.csrfToken);

    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: `duban_session=${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      authMethod: "session",
      csrfToken: body.csrfToken,
      user: { id: user.id },
    });
  });

  it("stores passwords as argon2id hashes only", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const row = await userRow(user.id);
    expect(row.password_hash).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(row.password_hash).not.toContain(PASSWORD);
    const audit = await auditOf(db, "user.create", user.id);
    expect(JSON.stringify(audit)).not.toMatch(/argon2|password/i);
  });

  it("upgrades a hash made with older settings at the next login", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const old = await hash(PASSWORD, {
      algorithm: 2 as Algorithm,
      memoryCost: 8192,
      timeCost: 1,
      parallelism: 1,
    });
    await db.kysely.updateTable("users").set({ password_hash: old }).where("id", "=", user.id).execute();
    expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
    const row = await userRow(user.id);
    expect(row.password_hash).not.toBe(old);
    expect(row.password_hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
  });

  it("answers an unknown user and a wrong password alike, and counts the failure", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const wrong = await login(user.username, "not the password");
    const unknown = await login(uname("nobody"), "not the password");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toMatchObject({ code: "UNAUTHORIZED", messageZh: "用户名或密码错误" });
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    expect((await userRow(user.id)).failed_logins).toBe(1);
    const audit = await auditOf(db, "auth.login_failed", user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBeNull();
  });

  it("a successful login resets the failure count", async () => {
    const user = await seedUser(db, { role: "viewer" });
    await login(user.username, "wrong-1");
    await login(user.username, "wrong-2");
    expect((await userRow(user.id)).failed_logins).toBe(2);
    expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
    expect((await userRow(user.id)).failed_logins).toBe(0);
  });

  it("locks the account after maxFailedLogins and unlocks after lockoutMinutes", async () => {
    const user = await seedUser(db, { role: "supervisor" });
    for (let i = 1; i < 5; i++) expect((await login(user.username, `wrong-${i}`)).statusCode).toBe(401);
    const locking = await login(user.username, "wrong-5");
    expect(locking.statusCode).toBe(423);
    const err = locking.json().error;
    expect(err.code).toBe("ACCOUNT_LOCKED");
    expect(err.messageZh).toContain("锁定");
    // 02:00Z + 15 min is 10:15 in Beijing.
    expect(err.messageZh).toContain("10:15");
    expect(err.messageZh).toContain("15 分钟");
    expect(locking.headers["retry-after"]).toBe("900");
    const row = await userRow(user.id);
    expect(row.locked_until).toBe(new Date(clock.now().getTime() + 15 * MINUTE).toISOString());
    const lockAudit = await auditOf(db, "auth.lockout", user.id);
    expect(lockAudit).toHaveLength(1);
    expect(JSON.parse(lockAudit[0]?.after ?? "{}")).toMatchObject({ failedLogins: 5 });

    // Even the right password waits for the lock to run out.
    clock.advance(14 * MINUTE);
    const still = await login(user.username, PASSWORD);
    expect(still.statusCode).toBe(423);
    expect(still.json().error.messageZh).toContain("1 分钟");

    clock.advance(1 * MINUTE + 1000);
    const ok = await login(user.username, PASSWORD);
    expect(ok.statusCode).toBe(200);
    const after = await userRow(user.id);
    expect(after.failed_logins).toBe(0);
    expect(after.locked_until).toBeNull();
  });

  it("after a lock runs out, counting starts afresh", async () => {
    const user = await seedUser(db, { role: "viewer" });
    for (let i = 1; i <= 5; i++) await login(user.username, `wrong-${i}`);
    expect((await userRow(user.id)).locked_until).not.toBeNull();
    clock.advance(16 * MINUTE);
    const wrong = await login(user.username, "wrong-again");
    expect(wrong.statusCode).toBe(401);
    const row = await userRow(user.id);
    expect(row.failed_logins).toBe(1);
    expect(row.locked_until).toBeNull();
  });

  it("refuses a disabled account even with the right password", async () => {
    const user = await seedUser(db, { role: "viewer" });
    await db.kysely.updateTable("users").set({ disabled: 1 }).where("id", "=", user.id).execute();
    const res = await login(user.username, PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("requires the CSRF token for cookie requests that change something", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const s = await loginAs(app, user.username);
    const url = `/api/v1/users/${user.id}/tokens`;
    const missing = await app.inject({
      method: "POST",
      url,
      headers: { cookie: s.cookie },
      payload: { name: "x" },
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.messageZh).toContain("CSRF");
    const wrongToken = await app.inject({
      method: "POST",
      url,
      headers: { cookie: s.cookie, "x-csrf-token": "nope" },
      payload: { name: "x" },
    });
    expect(wrongToken.statusCode).toBe(403);
    const right = await app.inject({
      method: "POST",
      url,
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
      payload: { name: "laptop" },
    });
    expect(right.statusCode).toBe(201);
    // Reading needs no CSRF token.
    const list = await app.inject({ method: "GET", url, headers: { cookie: s.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
  });

  it("accepts a Bearer API token without CSRF, stores only its hash, and refuses it once revoked", async () => {
    const user = await seedUser(db, { role: "supervisor" });
    const s = await loginAs(app, user.username);
    const created = await app.inject({
      method: "POST",
      url: `/api/v1/users/${user.id}/tokens`,
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
      payload: { name: "script" },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^dbn_[A-Za-z0-9_-]{43}$/);
    const row = await db.kysely
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token));
    expect(JSON.stringify(await auditOf(db, "token.create", id))).not.toContain(token);

    const auth = { authorization: `Bearer ${token}` };
    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: auth });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ authMethod: "token", csrfToken: null, user: { id: user.id } });
    // A change with the token needs no CSRF header.
    const second = await app.inject({
      method: "POST",
      url: `/api/v1/users/${user.id}/tokens`,
      headers: auth,
      payload: { name: "second" },
    });
    expect(second.statusCode).toBe(201);

    const listed = await app.inject({ method: "GET", url: `/api/v1/users/${user.id}/tokens`, headers: auth });
    expect(listed.json().items).toHaveLength(2);
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toContain(row.token_hash);
    expect(listed.json().items.find((t: { id: string }) => t.id === id).lastUsedAt).toBe(
      clock.now().toISOString(),
    );

    const revoked = await app.inject({
      method: "DELETE",
      url: `/api/v1/users/${user.id}/tokens/${id}`,
      headers: { authorization: `Bearer ${second.json().token}` },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBe(clock.now().toISOString());
    expect(await auditOf(db, "token.revoke", id)).toHaveLength(1);
    const after = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: auth });
    expect(after.statusCode).toBe(401);
    const bogus = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: "Bearer dbn_not-a-token" },
    });
    expect(bogus.statusCode).toBe(401);
  });

  it("lets only the owner or an admin manage tokens", async () => {
    const owner = await seedUser(db, { role: "viewer" });
    const other = await seedUser(db, { role: "supervisor" });
    const admin = await seedUser(db, { role: "admin" });
    const tokenId = (
      await app.inject({
        method: "POST",
        url: `/api/v1/users/${owner.id}/tokens`,
        headers: { authorization: `Bearer ${await seedToken(db, owner.id)}` },
        payload: { name: "mine" },
      })
    ).json().id;
    const otherAuth = { authorization: `Bearer ${await seedToken(db, other.id)}` };
    const adminAuth = { authorization: `Bearer ${await seedToken(db, admin.id)}` };
    const url = `/api/v1/users/${owner.id}/tokens`;
    expect((await app.inject({ method: "GET", url, headers: otherAuth })).statusCode).toBe(403);
    expect(
      (await app.inject({ method: "POST", url, headers: otherAuth, payload: { name: "sneaky" } })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: "DELETE", url: `${url}/${tokenId}`, headers: otherAuth })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: "DELETE", url: `${url}/${tokenId}`, headers: adminAuth })).statusCode,
    ).toBe(200);
    expect((await app.inject({ method: "DELETE", url: `${url}/nope`, headers: adminAuth })).statusCode).toBe(
      404,
    );
  });

  it("logs out: the session row goes, the cookie is cleared, the cookie no longer works", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const s = await loginAs(app, user.username);
    const noCsrf = await app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { cookie: s.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    const out = await app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers["set-cookie"])).toMatch(/duban_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(
      await db.kysely.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute(),
    ).toHaveLength(0);
    expect(await auditOf(db, "auth.logout", user.id)).toHaveLength(1);
    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it("ends a session when it expires", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const s = await loginAs(app, user.username);
    clock.advance(11 * 3_600_000);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
    clock.advance(1 * 3_600_000);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } })).statusCode,
    ).toBe(401);
  });

  it("changes one's own password: needs the current one, applies the policy, ends the other sessions", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const a = await loginAs(app, user.username);
    const b = await loginAs(app, user.username);
    const post = (payload: object) =>
      app.inject({
        method: "POST",
        url: "/api/v1/auth/password",
        headers: { cookie: a.cookie, "x-csrf-token": a.csrf },
        payload,
      });
    const wrong = await post({ currentPassword: "not it", newPassword: "a new long password" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.messageZh).toBe("当前密码不正确");
    const short = await post({ currentPassword: PASSWORD, newPassword: "short" });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({
      code: "INVALID_ARGUMENT",
      messageZh: "newPassword：密码至少需要 8 个字符",
    });
    expect(short.json().error.message).toContain("at least 8 characters");
    const before = (await userRow(user.id)).version;
    const ok = await post({ currentPassword: PASSWORD, newPassword: "a new long password" });
    expect(ok.statusCode).toBe(200);
    expect((await userRow(user.id)).version).toBe(before + 1);
    // The session that changed it stays, the other one ends.
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: a.cookie } })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: b.cookie } })).statusCode,
    ).toBe(401);
    expect((await login(user.username, PASSWORD)).statusCode).toBe(401);
    expect((await login(user.username, "a new long password")).statusCode).toBe(200);
    const audit = await auditOf(db, "user.password_change", user.id);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/argon2|a new long password/);
  });

  it("lets an admin reset another user's password (lifting a lock), and nobody else", async () => {
    const admin = await seedUser(db, { role: "admin" });
    const target = await seedUser(db, { role: "viewer" });
    const other = await seedUser(db, { role: "supervisor" });
    for (let i = 1; i <= 5; i++) await login(target.username, `wrong-${i}`);
    expect((await login(target.username, PASSWORD)).statusCode).toBe(423);
    const bySupervisor = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: { authorization: `Bearer ${await seedToken(db, other.id)}` },
      payload: { userId: target.id, newPassword: "reset by someone" },
    });
    expect(bySupervisor.statusCode).toBe(403);
    const byAdmin = await app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: { authorization: `Bearer ${await seedToken(db, admin.id)}` },
      payload: { userId: target.id, newPassword: "reset by the admin" },
    });
    expect(byAdmin.statusCode).toBe(200);
    expect((await login(target.username, "reset by the admin")).statusCode).toBe(200);
    const audit = await auditOf(db, "user.password_reset", target.id);
    expect(audit[0]?.actor_id).toBe(admin.id);
  });

  it("answers 401 to an anonymous caller before looking at the body", async () => {
    const res = await app.inject({ method: "POST", url: "/api/v1/users", payload: { nonsense: true } });
    expect(res.statusCode).toBe(401);
    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me" });
    expect(me.statusCode).toBe(401);
  });
});

describe.each(DIALECTS)("login rate limit and cookie settings on %s", (dialect) => {
  let db: TestDb;
  const clock = testClock();
  const apps: App[] = [];
  beforeAll(async () => {
    db = await freshDb(dialect);
    const config = ServerConfig.parse({ loginAttemptsPerMinute: 3, secureCookies: true });
    // Two servers on one database: the limit holds across processes because it lives in the database.
    apps.push(await buildServer({ db, config, now: clock.now }));
    apps.push(await buildServer({ db, config, now: clock.now }));
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await db.drop();
  });

  const attempt = (i: number, remoteAddress: string, username = "nobody", password = "whatever") =>
    (apps[i % 2] as App).inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username, password },
      remoteAddress,
    });

  it("limits login attempts per address and minute, across servers, with Retry-After", async () => {
    const user = await seedUser(db, { role: "viewer" });
    for (let i = 0; i < 3; i++) expect((await attempt(i, "10.0.0.1")).statusCode).toBe(401);
    const limited = await attempt(3, "10.0.0.1", user.username, PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("RATE_LIMITED");
    expect(limited.json().error.messageZh).toMatch(/登录尝试过于频繁，请 \d+ 秒后再试/);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(
      await db.kysely.selectFrom("login_throttle").selectAll().where("key", "=", "ip:10.0.0.1").execute(),
    ).toEqual([expect.objectContaining({ attempts: 4 })]);
    // Another address is not affected.
    expect((await attempt(4, "10.0.0.2", user.username, PASSWORD)).statusCode).toBe(200);
    // A minute later the address may try again.
    clock.advance(61_000);
    expect((await attempt(5, "10.0.0.1", user.username, PASSWORD)).statusCode).toBe(200);
  });

  it("marks the cookie Secure when configured", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const s = await loginAs(apps[0] as App, user.username, PASSWORD, "10.0.0.9");
    const raw = String(s.res.headers["set-cookie"]);
    expect(raw).toContain("Secure");
    expect(raw).toContain("HttpOnly");
    expect(raw).toContain("SameSite=Lax");
  });
});
