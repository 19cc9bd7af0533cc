import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../src/server/app.js";
import { ServerConfig } from "../../src/server/config.js";
import { DIALECTS, freshDb, type TestDb } from "../support/db.js";
import {
  type App,
  auditOf,
  loginAs,
  PASSWORD,
  seedDepartment,
  seedRegion,
  seedToken,
  seedUser,
  uname,
} from "./auth.support.js";

describe.each(DIALECTS)("users on %s", (dialect) => {
  let db: TestDb;
  let app: App;
  let adminId: string;
  let admin: Record<string, string>;
  let regionA: string;
  let regionB: string;
  let depA: string;
  beforeAll(async () => {
    db = await freshDb(dialect);
    app = await buildServer({ db, config: ServerConfig.parse({ loginAttemptsPerMinute: 10_000 }) });
    const a = await seedUser(db, { role: "admin" });
    adminId = a.id;
    admin = { authorization: `Bearer ${await seedToken(db, a.id)}` };
    regionA = await seedRegion(db, `甲县${dialect}`);
    regionB = await seedRegion(db, `乙县${dialect}`);
    depA = await seedDepartment(db, "发展和改革委员会", regionA);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const create = (payload: object, headers = admin) =>
    app.inject({ method: "POST", url: "/api/v1/users", headers, payload });
  const bearer = async (userId: string) => ({ authorization: `Bearer ${await seedToken(db, userId)}` });

  it("creates a user (admin), never showing the password hash, and audits it", async () => {
    const username = uname("Zhang");
    const res = await create({
      username,
      password: PASSWORD,
      role: "supervisor",
      regionId: regionA,
      displayName: "张三",
    });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({
      username: username.toLowerCase(),
      displayName: "张三",
      role: "supervisor",
      regionId: regionA,
      departmentId: null,
      disabled: false,
      lockedUntil: null,
      version: 1,
    });
    expect(res.body).not.toMatch(/password|argon2/i);
    const audit = await auditOf(db, "user.create", user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(adminId);
    expect(JSON.parse(audit[0]?.after ?? "{}")).toMatchObject({
      username: username.toLowerCase(),
      role: "supervisor",
    });
    expect(JSON.stringify(audit)).not.toMatch(/argon2|password/i);
    // The new user can sign in.
    await loginAs(app, username);
  });

  it("refuses a taken username with 409, whatever its case", async () => {
    const username = uname("li");
    expect((await create({ username, password: PASSWORD, role: "viewer" })).statusCode).toBe(201);
    const clash = await create({ username: username.toUpperCase(), password: PASSWORD, role: "viewer" });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.messageZh).toContain("已被使用");
  });

  it("applies the password policy with a clear message", async () => {
    const res = await create({ username: uname("wang"), password: "1234567", role: "viewer" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "INVALID_ARGUMENT",
      message: "password: the password must be at least 8 characters long",
      messageZh: "password：密码至少需要 8 个字符",
    });
  });

  it("checks roles, regions and departments", async () => {
    const noDep = await create({ username: uname("d"), password: PASSWORD, role: "department" });
    expect(noDep.statusCode).toBe(400);
    expect(noDep.json().error.messageZh).toContain("部门用户必须指定所属部门");
    const badDep = await create({
      username: uname("d"),
      password: PASSWORD,
      role: "department",
      departmentId: "nope",
    });
    expect(badDep.statusCode).toBe(400);
    const depOnViewer = await create({
      username: uname("v"),
      password: PASSWORD,
      role: "viewer",
      departmentId: depA,
    });
    expect(depOnViewer.statusCode).toBe(400);
    const badRegion = await create({
      username: uname("s"),
      password: PASSWORD,
      role: "supervisor",
      regionId: "nope",
    });
    expect(badRegion.statusCode).toBe(400);
    const badRole = await create({ username: uname("x"), password: PASSWORD, role: "root" });
    expect(badRole.statusCode).toBe(400);
    const badName = await create({ username: "a b", password: PASSWORD, role: "viewer" });
    expect(badName.statusCode).toBe(400);
    const ok = await create({
      username: uname("d"),
      password: PASSWORD,
      role: "department",
      departmentId: depA,
    });
    expect(ok.statusCode).toBe(201);
    // A department user takes the department's region.
    expect(ok.json()).toMatchObject({ role: "department", departmentId: depA, regionId: regionA });
  });

  it("lets only admins create users", async () => {
    const sup = await seedUser(db, { role: "supervisor", regionId: regionA });
    const res = await create(
      { username: uname("x"), password: PASSWORD, role: "viewer" },
      await bearer(sup.id),
    );
    expect(res.statusCode).toBe(403);
  });

  it("updates with the version read; a stale version gets 409; changes are audited", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const patch = (payload: object) =>
      app.inject({ method: "PATCH", url: `/api/v1/users/${user.id}`, headers: admin, payload });
    const first = await patch({ version: 1, role: "supervisor", regionId: regionB, displayName: "督查员" });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      role: "supervisor",
      regionId: regionB,
      displayName: "督查员",
      version: 2,
    });
    const stale = await patch({ version: 1, displayName: "另一个名字" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("CONFLICT");
    const row = await db.kysely
      .selectFrom("users")
      .selectAll()
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.display_name).toBe("督查员");
    const audit = await auditOf(db, "user.update", user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(adminId);
    expect(JSON.parse(audit[0]?.before ?? "{}")).toMatchObject({
      role: "viewer",
      regionId: null,
      version: 1,
    });
    expect(JSON.parse(audit[0]?.after ?? "{}")).toMatchObject({
      role: "supervisor",
      regionId: regionB,
      version: 2,
    });
    // Becoming a department user needs a department.
    const toDep = await patch({ version: 2, role: "department" });
    expect(toDep.statusCode).toBe(400);
    const notFound = await app.inject({
      method: "PATCH",
      url: "/api/v1/users/nope",
      headers: admin,
      payload: { version: 1 },
    });
    expect(notFound.statusCode).toBe(404);
  });

  it("disabling a user ends their sessions and tokens", async () => {
    const user = await seedUser(db, { role: "viewer" });
    const s = await loginAs(app, user.username);
    const token = await bearer(user.id);
    const res = await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${user.id}`,
      headers: admin,
      payload: { version: 1, disabled: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } })).statusCode,
    ).toBe(401);
    expect((await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: token })).statusCode).toBe(
      401,
    );
    expect(
      await db.kysely.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute(),
    ).toHaveLength(0);
  });

  it("keeps an admin from locking themselves out", async () => {
    const self = await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${adminId}`,
      headers: admin,
      payload: { version: 1, disabled: true },
    });
    expect(self.statusCode).toBe(403);
    const demote = await app.inject({
      method: "PATCH",
      url: `/api/v1/users/${adminId}`,
      headers: admin,
      payload: { version: 1, role: "viewer" },
    });
    expect(demote.statusCode).toBe(403);
  });

  it("lists users: admins all, supervisors their region, with cursor pages; others 403", async () => {
    const inA = await seedUser(db, { role: "viewer", regionId: regionA });
    const depUser = await seedUser(db, { role: "department", departmentId: depA });
    const inB = await seedUser(db, { role: "viewer", regionId: regionB });
    const sup = await seedUser(db, { role: "supervisor", regionId: regionA });
    const supAuth = await bearer(sup.id);

    const all = await app.inject({ method: "GET", url: "/api/v1/users?limit=500", headers: admin });
    expect(all.statusCode).toBe(200);
    const allIds = all.json().items.map((u: { id: string }) => u.id);
    expect(allIds).toEqual(expect.arrayContaining([inA.id, depUser.id, inB.id, sup.id, adminId]));
    expect(all.body).not.toMatch(/password|argon2/i);

    const mine = await app.inject({ method: "GET", url: "/api/v1/users?limit=500", headers: supAuth });
    expect(mine.statusCode).toBe(200);
    const mineIds = mine.json().items.map((u: { id: string; regionId: string | null }) => u.id);
    expect(mineIds).toEqual(expect.arrayContaining([inA.id, depUser.id, sup.id]));
    expect(mineIds).not.toContain(inB.id);
    expect(mineIds).not.toContain(adminId);

    // Pages of one, following the cursor, give every user once, in order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/users?limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await app.inject({ method: "GET", url, headers: admin });
      expect(page.json().items.length).toBeLessThanOrEqual(1);
      seen.push(...page.json().items.map((u: { id: string }) => u.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(allIds);

    const filtered = await app.inject({
      method: "GET",
      url: "/api/v1/users?role=department",
      headers: admin,
    });
    expect(filtered.json().items.every((u: { role: string }) => u.role === "department")).toBe(true);
    const viewer = await bearer(inA.id);
    expect((await app.inject({ method: "GET", url: "/api/v1/users", headers: viewer })).statusCode).toBe(403);
  });

  it("shows one user to themselves, admins and their region's supervisor only", async () => {
    const inA = await seedUser(db, { role: "viewer", regionId: regionA });
    const inB = await seedUser(db, { role: "viewer", regionId: regionB });
    const sup = await seedUser(db, { role: "supervisor", regionId: regionA });
    const get = async (id: string, headers: Record<string, string>) =>
      (await app.inject({ method: "GET", url: `/api/v1/users/${id}`, headers })).statusCode;
    const inAuth = await bearer(inA.id);
    const supAuth = await bearer(sup.id);
    expect(await get(inA.id, inAuth)).toBe(200);
    expect(await get(inB.id, inAuth)).toBe(403);
    expect(await get(inA.id, supAuth)).toBe(200);
    expect(await get(inB.id, supAuth)).toBe(403);
    expect(await get(inB.id, admin)).toBe(200);
    expect(await get("nope", admin)).toBe(404);
  });
});
