import type { Kysely, Selectable } from "kysely";
import type { Database, DepartmentsTable } from "../schema.js";

type Q = Kysely<Database>;
export type DepartmentRow = Selectable<DepartmentsTable>;

/** True when `err` is a unique-constraint violation, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (
    e.code === "23505" ||
    e.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    e.code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  )
    return true;
  return typeof e.message === "string" && /UNIQUE constraint failed/.test(e.message);
}

export async function getDepartment(q: Q, id: string): Promise<DepartmentRow | undefined> {
  return q.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getDepartments(q: Q, ids: string[]): Promise<DepartmentRow[]> {
  if (ids.length === 0) return [];
  return q.selectFrom("departments").selectAll().where("id", "in", ids).execute();
}

export async function findDepartmentByName(
  q: Q,
  regionId: string,
  name: string,
): Promise<DepartmentRow | undefined> {
  return q
    .selectFrom("departments")
    .selectAll()
    .where("region_id", "=", regionId)
    .where("name", "=", name)
    .executeTakeFirst();
}

/** A page of departments ordered by id, after the cursor id. */
export async function listDepartments(
  q: Q,
  filter: { regionId?: string | undefined; after?: string | undefined; limit: number },
): Promise<DepartmentRow[]> {
  let qb = q.selectFrom("departments").selectAll();
  if (filter.regionId !== undefined) qb = qb.where("region_id", "=", filter.regionId);
  if (filter.after !== undefined) qb = qb.where("id", ">", filter.after);
  return qb.orderBy("id").limit(filter.limit).execute();
}

export async function regionExists(q: Q, id: string): Promise<boolean> {
  return (await q.selectFrom("regions").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

export async function insertDepartment(q: Q, row: Omit<DepartmentRow, "version">): Promise<void> {
  await q
    .insertInto("departments")
    .values({ ...row, version: 1 })
    .execute();
}

/** Updates a department if it still has `version`; returns false when someone changed it first. */
export async function updateDepartment(
  q: Q,
  id: string,
  version: number,
  set: { name?: string; short_name?: string | null },
): Promise<boolean> {
  const r = await q
    .updateTable("departments")
    .set({ ...set, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How many assignments (as lead or co-department) and users refer to a department. */
export async function departmentUsage(q: Q, id: string): Promise<{ assignments: number; users: number }> {
  const lead = await q
    .selectFrom("assignments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("lead_department_id", "=", id)
    .executeTakeFirstOrThrow();
  const co = await q
    .selectFrom("assignment_departments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("department_id", "=", id)
    .executeTakeFirstOrThrow();
  const users = await q
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("department_id", "=", id)
    .executeTakeFirstOrThrow();
  return { assignments: Number(lead.n) + Number(co.n), users: Number(users.n) };
}

export async function deleteDepartment(q: Q, id: string, version: number): Promise<boolean> {
  const r = await q
    .deleteFrom("departments")
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
