import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { SYSTEM_ACTOR } from "../../src/app/actor.js";
import { createApiToken } from "../../src/app/auth/apiTokens.js";
import { systemContext } from "../../src/app/context.js";
import { createUser } from "../../src/app/users/createUser.js";
import type { User } from "../../src/contract/api/users.js";
import type { Db } from "../../src/db/database.js";
import { newId } from "../../src/db/ids.js";
import type { Role } from "../../src/db/schema.js";

export const PASSWORD = "correct horse battery";

let seq = 0;
/** A username unique within the test run. */
export function uname(prefix: string): string {
  return `${prefix}${++seq}`;
}

/** Adds a user through the same use case as the API, as the system. */
export async function seedUser(
  db: Db,
  opts: { username?: string; role: Role; password?: string; regionId?: string; departmentId?: string },
): Promise<User> {
  return createUser(systemContext(db, SYSTEM_ACTOR), {
    username: opts.username ?? uname(opts.role),
    password: opts.password ?? PASSWORD,
    role: opts.role,
    ...(opts.regionId ? { regionId: opts.regionId } : {}),
    ...(opts.departmentId ? { departmentId: opts.departmentId } : {}),
  });
}

export async function seedRegion(db: Db, name: string): Promise<string> {
  const id = newId();
  await db.kysely
    .insertInto("regions")
    .values({ id, name, level: "county", parent_id: null, created_at: new Date().toISOString() })
    .execute();
  return id;
}

export async function seedDepartment(db: Db, name: string, regionId: string | null): Promise<string> {
  const id = newId();
  await db.kysely
    .insertInto("departments")
    .values({ id, name, region_id: regionId, short_name: null, created_at: new Date().toISOString() })
    .execute();
  return id;
}

/** A plain API token for a user, made as the system. */
export async function seedToken(db: Db, userId: string): Promise<string> {
  return (await createApiToken(systemContext(db, SYSTEM_ACTOR), userId, "test")).token;
}

export interface Session {
  cookie: string;
  csrf: string;
  res: LightMyRequestResponse;
}

/** Signs in through the API; throws unless it worked. */
export async function loginAs(
  app: FastifyInstance,
  username: string,
  password = PASSWORD,
  remoteAddress = "127.0.0.1",
): Promise<Session> {
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
    remoteAddress,
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "duban_session");
  if (!cookie) throw new Error("no session cookie");
  return { cookie: `duban_session=${cookie.value}`, csrf: res.json().csrfToken, res };
}

export async function auditOf(db: Db, action: string, entityId?: string) {
  let q = db.kysely.selectFrom("audit_log").selectAll().where("action", "=", action);
  if (entityId) q = q.where("entity_id", "=", entityId);
  return q.orderBy("id").execute();
}

/** A clock tests move; the server and its use cases read it. */
export function testClock(start = "2025-03-01T02:00:00.000Z") {
  let t = new Date(start);
  return {
    now: () => t,
    advance(ms: number) {
      t = new Date(t.getTime() + ms);
    },
  };
}

export type App = FastifyInstance;
