import { createHash } from "node:crypto";
import type { DepartmentRef } from "../../contract/api/assignments.js";
import type {
  AssignmentFields,
  Decomposition,
  DecompositionRow,
  ImportChange,
  ImportRowError,
  ImportRowErrorCode,
  SheetColumn,
} from "../../contract/api/decomposition.js";
import { parseDeadlineCell } from "../../core/extract/deadline.js";
import type { DecompositionSheetRow } from "../xlsx/decomposition.js";

/** What an edited 分解表 would change in the ledger, and what in it cannot be understood. */
export interface ImportPlan {
  rows: number;
  unchanged: number;
  changes: ImportChange[];
  errors: ImportRowError[];
  fingerprint: string;
}

export interface PlanDepartment {
  id: string;
  name: string;
  shortName: string | null;
}

/** Names compare without spaces and with full-width brackets folded, as people retype them. */
function norm(s: string): string {
  return s
    .replace(/[\s\u3000]+/gu, "")
    .replace(/（/gu, "(")
    .replace(/）/gu, ")");
}

/** 责任单位 cells list several departments: 、，,；; / and line breaks all separate them. */
function splitNames(cell: string): string[] {
  return cell
    .split(/[、，,；;／/\n\r]+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

const MESSAGES: Record<ImportRowErrorCode, (v: string) => [string, string]> = {
  unknown_task: (v) => [
    `no task of this report matches "${v}" (keep the 任务编号 column of the exported sheet)`,
    `本报告中没有与“${v}”对应的任务（请保留导出表中的“任务编号”列）`,
  ],
  duplicate_task: (v) => [`task "${v}" appears on more than one row`, `任务“${v}”出现在多行中`],
  unknown_department: (v) => [`no department named "${v}"`, `没有名为“${v}”的部门`],
  ambiguous_department: (v) => [
    `"${v}" names more than one department; use its full name`,
    `“${v}”对应多个部门，请填写部门全称`,
  ],
  missing_lead: (v) => [
    `a lead department (牵头单位) is required${v ? ` for "${v}"` : ""}`,
    `请填写牵头单位${v ? `（${v}）` : ""}`,
  ],
  bad_deadline: (v) => [
    `"${v}" is not a deadline (write e.g. 2026年6月底 or 2026-06-30)`,
    `无法识别完成时限“${v}”（可写作 2026年6月底 或 2026-06-30）`,
  ],
};

function rowError(row: number, column: SheetColumn, value: string, code: ImportRowErrorCode): ImportRowError {
  const [en, zh] = MESSAGES[code](value);
  return {
    row,
    column,
    value,
    code,
    message: `row ${row}, ${column}: ${en}`,
    messageZh: `第 ${row} 行“${column}”：${zh}`,
  };
}

function ref(d: PlanDepartment): DepartmentRef {
  return { id: d.id, name: d.name, shortName: d.shortName };
}

/**
 * Compares an edited 分解表 with the report's tasks and assignments. Rows are matched by 任务编号, or by the
 * exact task text when an office dropped that column; the bold part rows of the export are skipped. A row
 * whose task has no assignment and no 牵头单位 changes nothing. The first department of a 牵头单位 cell leads
 * and any further ones join the co-departments; a lead also listed under 责任单位 is not repeated there.
 */
export function planImport(
  sheet: DecompositionSheetRow[],
  d: Decomposition,
  departments: PlanDepartment[],
): ImportPlan {
  const byId = new Map(d.rows.map((r) => [r.taskId, r]));
  const byText = new Map<string, DecompositionRow[]>();
  for (const r of d.rows) byText.set(norm(r.text), [...(byText.get(norm(r.text)) ?? []), r]);
  const groups = new Set(d.rows.flatMap((r) => (r.group ? [norm(r.group)] : [])));
  const deptByName = new Map<string, PlanDepartment[]>();
  for (const dep of departments)
    for (const name of new Set([dep.name, dep.shortName].filter((n): n is string => !!n).map(norm)))
      deptByName.set(name, [...(deptByName.get(name) ?? []), dep]);

  const seen = new Set<string>();
  const changes: ImportChange[] = [];
  const errors: ImportRowError[] = [];
  let rows = 0;
  let unchanged = 0;

  for (const { row, cells } of sheet) {
    const id = cells.任务编号.trim();
    const text = norm(cells.重点任务);
    let task: DecompositionRow | undefined;
    if (id) {
      task = byId.get(id);
      if (!task) {
        errors.push(rowError(row, "任务编号", id, "unknown_task"));
        continue;
      }
    } else {
      const blank = !cells.牵头单位 && !cells.责任单位;
      if (blank && (groups.has(text) || text === "")) continue;
      const found = byText.get(text) ?? [];
      if (found.length !== 1) {
        errors.push(rowError(row, "重点任务", cells.重点任务, "unknown_task"));
        continue;
      }
      task = found[0] as DecompositionRow;
    }
    rows++;
    if (seen.has(task.taskId)) {
      errors.push(rowError(row, id ? "任务编号" : "重点任务", id || cells.重点任务, "duplicate_task"));
      continue;
    }
    seen.add(task.taskId);

    const rowErrors: ImportRowError[] = [];
    const resolve = (column: SheetColumn): PlanDepartment[] => {
      const out: PlanDepartment[] = [];
      for (const name of splitNames(cells[column])) {
        const found = deptByName.get(norm(name)) ?? [];
        if (found.length === 1) out.push(found[0] as PlanDepartment);
        else
          rowErrors.push(
            rowError(row, column, name, found.length === 0 ? "unknown_department" : "ambiguous_department"),
          );
      }
      return out;
    };
    const leads = resolve("牵头单位");
    const coNamed = resolve("责任单位");
    const deadline = parseDeadlineCell(cells.完成时限, d.report.planYear);
    if (!deadline.ok) rowErrors.push(rowError(row, "完成时限", cells.完成时限, "bad_deadline"));
    const current = task.assignment;
    if (leads.length === 0 && rowErrors.length === 0) {
      if (current || coNamed.length > 0) rowErrors.push(rowError(row, "牵头单位", "", "missing_lead"));
      else {
        unchanged++;
        continue;
      }
    }
    if (rowErrors.length > 0 || !deadline.ok) {
      errors.push(...rowErrors);
      continue;
    }
    const lead = leads[0] as PlanDepartment;
    const co = new Map<string, PlanDepartment>();
    for (const dep of [...leads.slice(1), ...coNamed]) if (dep.id !== lead.id) co.set(dep.id, dep);
    const after: AssignmentFields = {
      leadDepartment: ref(lead),
      coDepartments: [...co.values()].map(ref),
      deadline: deadline.deadline,
    };
    const fields: ImportChange["fields"] = [];
    const before: AssignmentFields | null = current
      ? {
          leadDepartment: current.leadDepartment,
          coDepartments: current.coDepartments,
          deadline: current.deadline,
        }
      : null;
    const sameCo = (a: DepartmentRef[], b: DepartmentRef[]) =>
      a.length === b.length && a.every((x) => b.some((y) => y.id === x.id));
    if (!before || before.leadDepartment.id !== after.leadDepartment.id) fields.push("leadDepartment");
    if (before ? !sameCo(before.coDepartments, after.coDepartments) : after.coDepartments.length > 0)
      fields.push("coDepartments");
    if (before ? before.deadline !== after.deadline : after.deadline !== null) fields.push("deadline");
    if (before && fields.length === 0) {
      unchanged++;
      continue;
    }
    changes.push({
      row,
      taskId: task.taskId,
      taskText: task.text,
      kind: current ? "update" : "create",
      assignmentId: current?.id ?? null,
      version: current?.version ?? null,
      fields,
      before,
      after,
    });
  }
  return { rows, unchanged, changes, errors, fingerprint: fingerprint(changes) };
}

/** A digest of exactly what would be written, including the versions it was computed from. */
export function fingerprint(changes: ImportChange[]): string {
  const essence = changes.map((c) => [
    c.taskId,
    c.kind,
    c.assignmentId,
    c.version,
    c.after.leadDepartment.id,
    c.after.coDepartments.map((d) => d.id).sort(),
    c.after.deadline,
  ]);
  return createHash("sha256").update(JSON.stringify(essence)).digest("hex").slice(0, 32);
}
