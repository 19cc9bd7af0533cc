import { type Kysely, sql } from "kysely";
import type { Database, Role, UserRow } from "../schema.js";
import { regionIn } from "./regions.js";

type Q = Kysely<Database>;

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  regionId: string | null;
  departmentId: string | null;
  createdAt: string;
}

export async function getUser(q: Q, id: string): Promise<UserRow | undefined> {
  return q.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findUserByUsername(q: Q, username: string): Promise<UserRow | undefined> {
  return q.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function insertUser(q: Q, u: NewUser): Promise<void> {
  await q
    .insertInto("users")
    .values({
      id: u.id,
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      role: u.role,
      region_id: u.regionId,
      department_id: u.departmentId,
      created_at: u.createdAt,
    })
    .execute();
}

export interface UserChanges {
  display_name?: string;
  role?: Role;
  region_id?: string | null;
  department_id?: string | null;
  disabled?: number;
}

/** Applies `changes` if the row is still at `version`; returns the new row, or undefined when it was not. */
export async function updateUserAtVersion(
  q: Q,
  id: string,
  version: number,
  changes: UserChanges,
): Promise<UserRow | undefined> {
  const res = await q
    .updateTable("users")
    .set({ ...changes, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return undefined;
  return getUser(q, id);
}

/** New password: bumps the version, and clears any lockout (a reset is how an admin unlocks an account). */
export async function setPasswordHash(q: Q, id: string, passwordHash: string): Promise<void> {
  await q
    .updateTable("users")
    .set((eb) => ({
      password_hash: passwordHash,
      failed_logins: 0,
      locked_until: null,
      version: eb("version", "+", 1),
    }))
    .where("id", "=", id)
    .execute();
}

/** Upgrades a hash made with older settings; the password itself is unchanged, so the version is too. */
export async function rehashPassword(q: Q, id: string, oldHash: string, newHash: string): Promise<void> {
  await q
    .updateTable("users")
    .set({ password_hash: newHash })
    .where("id", "=", id)
    .where("password_hash", "=", oldHash)
    .execute();
}

/**
 * Counts one failed login atomically (several server processes may count at once). A lock that has run out
 * starts the count afresh. Returns the count after this failure.
 */
export async function countFailedLogin(q: Q, id: string, now: string): Promise<number> {
  const expired = sql<boolean>`locked_until is not null and locked_until <= ${now}`;
  const row = await q
    .updateTable("users")
    .set({
      failed_logins: sql<number>`case when ${expired} then 1 else failed_logins + 1 end`,
      locked_until: sql<string | null>`case when ${expired} then null else locked_until end`,
    })
    .where("id", "=", id)
    .returning("failed_logins")
    .executeTakeFirstOrThrow();
  return Number(row.failed_logins);
}

export async function lockUser(q: Q, id: string, until: string): Promise<void> {
  await q.updateTable("users").set({ locked_until: until }).where("id", "=", id).execute();
}

/** After a successful login: no failures, no lock. */
export async function clearFailedLogins(q: Q, id: string): Promise<void> {
  await q
    .updateTable("users")
    .set({ failed_logins: 0, locked_until: null })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("failed_logins", "!=", 0), eb("locked_until", "is not", null)]))
    .execute();
}

/** Whether the ledger has any account at all: a fresh one gets its first admin at start-up. */
export async function hasAnyUser(q: Q): Promise<boolean> {
  return (await q.selectFrom("users").select("id").limit(1).executeTakeFirst()) !== undefined;
}

/** Active admins other than `exceptId`: the last one may not be demoted or disabled. */
export async function countOtherActiveAdmins(q: Q, exceptId: string): Promise<number> {
  const row = await q
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .where("disabled", "=", 0)
    .where("id", "!=", exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserFilter {
  /** Only users of these regions: their own region, or their department's, is one of them. */
  regionIds?: readonly string[];
  role?: Role;
  /** Part of the username or display name. */
  q?: string;
  /** Ids after this one (cursor). */
  after?: string;
  limit: number;
}

/** Users in id order (creation order), one page plus one row to tell whether more follow. */
export async function listUsers(q: Q, f: UserFilter): Promise<UserRow[]> {
  let query = q.selectFrom("users").leftJoin("departments", "departments.id", "users.department_id");
  if (f.regionIds !== undefined) {
    const ids = f.regionIds;
    query = query.where((eb) =>
      eb.or([regionIn("users.region_id", ids), regionIn("departments.region_id", ids)]),
    );
  }
  if (f.role) query = query.where("users.role", "=", f.role);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`${eb.ref("users.username")} like ${like} escape '\\'`,
        sql<boolean>`${eb.ref("users.display_name")} like ${like} escape '\\'`,
      ]),
    );
  }
  if (f.after) query = query.where("users.id", ">", f.after);
  return query
    .selectAll("users")
    .orderBy("users.id")
    .limit(f.limit + 1)
    .execute();
}

/** The region a user belongs to for supervision: their own, else their department's. */
export async function regionOfUser(q: Q, user: UserRow): Promise<string | null> {
  if (user.region_id) return user.region_id;
  if (!user.department_id) return null;
  const dep = await q
    .selectFrom("departments")
    .select("region_id")
    .where("id", "=", user.department_id)
    .executeTakeFirst();
  return dep?.region_id ?? null;
}

export async function departmentExists(q: Q, id: string): Promise<{ regionId: string | null } | undefined> {
  const row = await q.selectFrom("departments").select("region_id").where("id", "=", id).executeTakeFirst();
  return row ? { regionId: row.region_id } : undefined;
}

export async function regionExists(q: Q, id: string): Promise<boolean> {
  return (await q.selectFrom("regions").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

/** A region named by id or by exact name (for the CLI); undefined when none, "ambiguous" when several. */
export async function findRegionRef(q: Q, ref: string): Promise<string | "ambiguous" | undefined> {
  const byId = await q.selectFrom("regions").select("id").where("id", "=", ref).executeTakeFirst();
  if (byId) return byId.id;
  const rows = await q.selectFrom("regions").select("id").where("name", "=", ref).limit(2).execute();
  return rows.length > 1 ? "ambiguous" : rows[0]?.id;
}

/** A department named by id, name or short name (for the CLI); undefined when none, "ambiguous" when several. */
export async function findDepartmentRef(q: Q, ref: string): Promise<string | "ambiguous" | undefined> {
  const byId = await q.selectFrom("departments").select("id").where("id", "=", ref).executeTakeFirst();
  if (byId) return byId.id;
  const rows = await q
    .selectFrom("departments")
    .select("id")
    .where((eb) => eb.or([eb("name", "=", ref), eb("short_name", "=", ref)]))
    .limit(2)
    .execute();
  return rows.length > 1 ? "ambiguous" : rows[0]?.id;
}
