import type {
  DepartmentImportError,
  DepartmentImportResult,
  DepartmentImportRow,
} from "../../contract/api/departments.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { newId } from "../../db/ids.js";
import { departmentsOfRegions, regionsById, regionsNamed } from "../../db/repos/departmentImport.js";
import {
  type DepartmentRow,
  insertDepartment,
  isUniqueViolation,
  updateDepartment,
} from "../../db/repos/departments.js";
import type { RegionRow } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { inRegion, requireRole } from "../guard.js";
import { readTable, type SheetRow } from "../xlsx/read.js";
import { toDepartment } from "./departments.js";

export const COL_NAME = "部门名称";
export const COL_SHORT = "简称";
export const COL_REGION = "地区";
/** A region's department list is tens of rows; a few thousand covers a whole province at once. */
export const IMPORT_MAX_ROWS = 5000;

export interface ImportDepartmentsInput {
  fileName: string;
  bytes: Buffer;
  /** The region of rows whose 地区 is empty. */
  regionId?: string | undefined;
  dryRun: boolean;
}

interface Plan {
  rows: (DepartmentImportRow & { version: number | null })[];
  errors: DepartmentImportError[];
}

function rowError(row: number, column: string, en: string, zh: string): DepartmentImportError {
  return {
    row,
    column,
    message: `row ${row}, ${column}: ${en}`,
    messageZh: `第 ${row} 行“${column}”：${zh}`,
  };
}

/**
 * What importing `rows` would do against the database as `q` sees it: per row create, update (a different
 * 简称) or unchanged, and every row-level error. An empty 简称 keeps an existing department's 简称, so a list
 * without short names never erases them.
 */
async function plan(
  q: Tx,
  actor: Actor,
  sheet: SheetRow[],
  defaultRegion: RegionRow | undefined,
): Promise<Plan> {
  const errs: DepartmentImportError[] = [];
  const named = await regionsNamed(
    q,
    sheet.map((r) => r.cells[COL_REGION] ?? "").filter((n) => n !== ""),
  );
  const byName = new Map<string, RegionRow[]>();
  for (const r of named) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);

  const resolved: { sheet: SheetRow; region: RegionRow; name: string; shortName: string | null }[] = [];
  const seen = new Map<string, number>();
  for (const s of sheet) {
    const name = s.cells[COL_NAME] ?? "";
    const shortName = s.cells[COL_SHORT] ?? "";
    const regionName = s.cells[COL_REGION] ?? "";
    let ok = true;
    if (!name) {
      errs.push(rowError(s.row, COL_NAME, "must not be empty", "不能为空"));
      ok = false;
    } else if ([...name].length > 100) {
      errs.push(rowError(s.row, COL_NAME, "at most 100 characters", "最多 100 个字符"));
      ok = false;
    }
    if ([...shortName].length > 50) {
      errs.push(rowError(s.row, COL_SHORT, "at most 50 characters", "最多 50 个字符"));
      ok = false;
    }
    let region: RegionRow | undefined;
    if (regionName) {
      const all = byName.get(regionName) ?? [];
      const mine = all.filter((r) => inRegion(actor, r.id));
      if (all.length === 0)
        errs.push(
          rowError(s.row, COL_REGION, `no region named "${regionName}"`, `未找到地区“${regionName}”`),
        );
      else if (mine.length === 0)
        errs.push(
          rowError(
            s.row,
            COL_REGION,
            `"${regionName}" is outside your region`,
            `“${regionName}”不在您的管辖范围内`,
          ),
        );
      else if (mine.length > 1)
        errs.push(
          rowError(
            s.row,
            COL_REGION,
            `several regions are named "${regionName}"; leave 地区 empty and choose the region on import`,
            `有多个地区名为“${regionName}”，请清空此列并在导入时选择地区`,
          ),
        );
      else region = mine[0];
    } else if (defaultRegion) region = defaultRegion;
    else
      errs.push(
        rowError(
          s.row,
          COL_REGION,
          "empty, and no region was chosen for the import",
          "为空，且导入时未选择地区",
        ),
      );
    if (!ok || !region) continue;
    const key = `${region.id}\u0000${name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errs.push(rowError(s.row, COL_NAME, `repeats row ${first}`, `与第 ${first} 行重复`));
      continue;
    }
    seen.set(key, s.row);
    resolved.push({ sheet: s, region, name, shortName: shortName || null });
  }

  const existing = new Map<string, DepartmentRow>();
  for (const d of await departmentsOfRegions(q, [...new Set(resolved.map((r) => r.region.id))]))
    existing.set(`${d.region_id}\u0000${d.name}`, d);
  const rows = resolved.map((r): Plan["rows"][number] => {
    const found = existing.get(`${r.region.id}\u0000${r.name}`);
    const base = {
      row: r.sheet.row,
      regionId: r.region.id,
      regionName: r.region.name,
      name: r.name,
    };
    if (!found)
      return { ...base, action: "create", shortName: r.shortName, departmentId: null, version: null };
    const changes = r.shortName !== null && r.shortName !== found.short_name;
    return {
      ...base,
      action: changes ? "update" : "unchanged",
      shortName: changes ? r.shortName : found.short_name,
      departmentId: found.id,
      version: found.version,
      ...(changes ? { previousShortName: found.short_name } : {}),
    };
  });
  return { rows, errors: errs.sort((a, b) => a.row - b.row) };
}

function result(input: ImportDepartmentsInput, p: Plan, applied: boolean): DepartmentImportResult {
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const r of p.rows) counts[r.action]++;
  return {
    fileName: input.fileName,
    dryRun: input.dryRun,
    applied,
    rows: p.rows.map(({ version: _v, ...r }) => r),
    errors: p.errors,
    counts,
  };
}

function refused(input: ImportDepartmentsInput, errs: DepartmentImportError[]): DubanError {
  const first = errs[0];
  const more = errs.length > 1 ? `（另有 ${errs.length - 1} 处错误）` : "";
  return new DubanError(
    ErrorCode.InvalidArgument,
    `${input.fileName}: ${errs.length} error(s), nothing imported; first: ${first?.message}`,
    `${input.fileName}：有 ${errs.length} 处错误，未导入任何部门。${first?.messageZh ?? ""}${more}`,
    { file: input.fileName, target: input.fileName, errors: errs },
  );
}

/**
 * Imports a department list from xlsx (部门名称, 简称, 地区). A dry run answers what would happen, errors
 * included; applying writes everything in one transaction or nothing (any row error refuses the whole file),
 * and importing the same file again finds every department unchanged. Admins anywhere, supervisors in their
 * region.
 */
export async function importDepartments(
  ctx: AppContext,
  input: ImportDepartmentsInput,
): Promise<DepartmentImportResult> {
  const actor = requireRole(ctx.actor, "admin", "supervisor");
  let defaultRegion: RegionRow | undefined;
  if (input.regionId !== undefined) {
    defaultRegion = (await regionsById(ctx.db.kysely, [input.regionId]))[0];
    if (!defaultRegion) throw errors.notFound("region", input.regionId);
    if (!inRegion(actor, defaultRegion.id)) throw errors.forbidden("the region is outside your region");
  }
  const table = await readTable(input.bytes, input.fileName, {
    required: [COL_NAME],
    optional: [COL_SHORT, COL_REGION],
    maxRows: IMPORT_MAX_ROWS,
  });
  if (table.rows.length === 0)
    throw new DubanError(
      ErrorCode.InvalidArgument,
      `${input.fileName}: no department rows below the header`,
      `${input.fileName}：表头下没有部门数据`,
      { file: input.fileName, target: input.fileName },
    );

  const preview = await plan(ctx.db.kysely, actor, table.rows, defaultRegion);
  if (input.dryRun) return result(input, preview, false);
  if (preview.errors.length > 0) throw refused(input, preview.errors);

  try {
    return await inTransaction(ctx, async (tx, audit) => {
      // Planned again inside the transaction: what it writes matches what it read.
      const p = await plan(tx, actor, table.rows, defaultRegion);
      if (p.errors.length > 0) throw refused(input, p.errors);
      const now = ctx.now().toISOString();
      for (const r of p.rows) {
        if (r.action === "create") {
          const row: DepartmentRow = {
            id: newId(),
            region_id: r.regionId,
            name: r.name,
            short_name: r.shortName,
            head_user_id: null,
            created_at: now,
            version: 1,
          };
          await insertDepartment(tx, row);
          r.departmentId = row.id;
          await audit({
            action: "department.create",
            entityType: "department",
            entityId: row.id,
            after: { ...toDepartment(row), importedFrom: input.fileName, row: r.row },
          });
        } else if (r.action === "update" && r.departmentId && r.version !== null) {
          if (!(await updateDepartment(tx, r.departmentId, r.version, { short_name: r.shortName })))
            throw errors.conflict("department", r.departmentId);
          await audit({
            action: "department.update",
            entityType: "department",
            entityId: r.departmentId,
            before: { shortName: r.previousShortName ?? null, version: r.version },
            after: {
              shortName: r.shortName,
              version: r.version + 1,
              importedFrom: input.fileName,
              row: r.row,
            },
          });
        }
      }
      const res = result(input, p, true);
      if (res.counts.create + res.counts.update > 0)
        await audit({
          action: "department.import",
          entityType: "department_import",
          entityId: newId(),
          after: { fileName: input.fileName, counts: res.counts },
        });
      return res;
    });
  } catch (err) {
    // Another import or create racing this one: the unique index refuses; the whole file is rolled back.
    if (isUniqueViolation(err))
      throw new DubanError(
        ErrorCode.Conflict,
        `${input.fileName}: a department was created meanwhile; import again`,
        `${input.fileName}：导入期间有部门被他人创建，请重新导入`,
        { file: input.fileName },
      );
    throw err;
  }
}
