import type { ImportChange, ImportResult } from "../../contract/api/decomposition.js";
import { DubanError, ErrorCode, errors } from "../../core/errors.js";
import { inflateEntry, readCentralDirectory, TooLarge } from "../../core/read/zip.js";
import { newId } from "../../db/ids.js";
import {
  insertAssignment,
  setCoDepartments,
  updateAssignment as updateAssignmentRow,
} from "../../db/repos/assignments.js";
import { departmentsOfRegion } from "../../db/repos/decomposition.js";
import { isUniqueViolation } from "../../db/repos/departments.js";
import type { ReportSummaryRow } from "../../db/repos/reports.js";
import { today } from "../assignments/assignments.js";
import { type AppContext, inTransaction, type Tx } from "../context.js";
import { authorId, requireWriter } from "../reports/access.js";
import { event, recolour } from "../supervision/act.js";
import { rulesToday } from "../supervision/engine.js";
import { type DecompositionSheetRow, readDecompositionSheet } from "../xlsx/decomposition.js";
import { readDecomposition, visibleReportForDecomposition } from "./loadDecomposition.js";
import { type ImportPlan, planImport } from "./planImport.js";

export interface ImportInput {
  bytes: Buffer;
  fileName: string;
  /** Preview only. */
  dryRun: boolean;
  /** The preview's fingerprint: apply refuses when the plan is no longer the one previewed. */
  expect?: string | undefined;
}

/** A 分解表 has a few thousand rows; more is not a 分解表. */
export const MAX_IMPORT_ROWS = 20_000;
/** What an xlsx may inflate to before exceljs is given it: a zip bomb stops here. */
const MAX_INFLATED_BYTES = 100 * 1024 * 1024;

/** Inflates every entry under one budget (declared sizes are whatever the sender wrote). */
function guardArchive(bytes: Buffer, fileName: string): void {
  let entries: ReturnType<typeof readCentralDirectory>;
  try {
    entries = readCentralDirectory(bytes);
  } catch {
    return; // not a readable zip: the xlsx reader refuses it with its own message
  }
  let used = 0;
  for (const e of entries) {
    if (e.name.endsWith("/")) continue;
    try {
      used += inflateEntry(bytes, e, MAX_INFLATED_BYTES - used).length;
    } catch (err) {
      if (!(err instanceof TooLarge)) return;
      throw new DubanError(
        ErrorCode.ArchiveTooLarge,
        `${fileName}: the workbook inflates past ${MAX_INFLATED_BYTES / 1048576} MB; refused as a possible zip bomb`,
        `${fileName}：工作簿解压后超过 ${MAX_INFLATED_BYTES / 1048576} MB，疑为压缩炸弹，已拒绝`,
        { file: fileName },
      );
    }
  }
}

async function plan(
  q: AppContext["db"]["kysely"] | Tx,
  report: ReportSummaryRow,
  sheet: DecompositionSheetRow[],
  day: string,
): Promise<ImportPlan> {
  const [d, departments] = await Promise.all([
    readDecomposition(q, report, day),
    departmentsOfRegion(q, report.region_id),
  ]);
  return planImport(
    sheet,
    d,
    departments.map((x) => ({ id: x.id, name: x.name, shortName: x.short_name })),
  );
}

function snapshot(c: ImportChange, version: number) {
  return {
    taskId: c.taskId,
    leadDepartmentId: c.after.leadDepartment.id,
    coDepartmentIds: c.after.coDepartments.map((d) => d.id),
    deadline: c.after.deadline,
    version,
    source: "import",
  };
}

/**
 * Imports an edited 分解表 of a report: a preview of every change (new assignments, changed lead or
 * co-departments, changed deadlines) and every row that cannot be understood; or, with `dryRun` false, all the
 * changes in one transaction with their audit entries — none when any row has an error. Importing a file that
 * matches the ledger changes nothing.
 */
export async function importDecomposition(
  ctx: AppContext,
  reportId: string,
  input: ImportInput,
): Promise<ImportResult> {
  const report = await visibleReportForDecomposition(ctx, ctx.db.kysely, reportId);
  const actor = requireWriter(ctx, report.region_id);
  guardArchive(input.bytes, input.fileName);
  const sheet = await readDecompositionSheet(input.bytes, input.fileName, MAX_IMPORT_ROWS);
  const day = today(ctx);
  const result = (p: ImportPlan, applied: boolean): ImportResult => ({
    dryRun: input.dryRun,
    applied,
    fileName: input.fileName,
    sheet: sheet.sheet,
    rows: p.rows,
    unchanged: p.unchanged,
    changes: p.changes,
    errors: p.errors,
    fingerprint: p.fingerprint,
  });
  if (input.dryRun) return result(await plan(ctx.db.kysely, report, sheet.rows, day), false);

  const now = ctx.now().toISOString();
  try {
    return await inTransaction(ctx, async (tx, audit) => {
      const p = await plan(tx, report, sheet.rows, day);
      if (p.errors.length > 0)
        throw new DubanError(
          ErrorCode.InvalidArgument,
          `${input.fileName}: ${p.errors.length} row error(s), nothing imported; first: ${p.errors[0]?.message}`,
          `${input.fileName}：有 ${p.errors.length} 处错误，未导入任何内容；首个错误：${p.errors[0]?.messageZh}`,
          { target: input.fileName, errors: p.errors },
        );
      if (input.expect !== undefined && input.expect !== p.fingerprint)
        throw new DubanError(
          ErrorCode.Conflict,
          "the ledger changed since the preview; preview the file again",
          "预览之后台账已被修改，请重新预览",
          { target: input.fileName },
        );
      // The tasks of one report share its region, hence its rules (签收 due date, reporting cycle).
      const { rules, ackDue } = await rulesToday(tx, report.region_id, ctx.now());
      for (const c of p.changes) {
        if (c.kind === "create") {
          const id = newId();
          await insertAssignment(
            tx,
            {
              id,
              task_id: c.taskId,
              lead_department_id: c.after.leadDepartment.id,
              deadline: c.after.deadline,
              status: "assigned",
              note: null,
              created_by: authorId(actor),
              created_at: now,
              updated_at: now,
              ack_due_date: ackDue,
              report_cycle: rules.reportCycle,
            },
            c.after.coDepartments.map((d) => d.id),
          );
          await event(tx, ctx, {
            assignmentId: id,
            action: "assign",
            to: "assigned",
            detail: {
              leadDepartmentId: c.after.leadDepartment.id,
              coDepartmentIds: c.after.coDepartments.map((d) => d.id),
              import: true,
            },
          });
          await recolour(tx, ctx, id);
          await audit({
            action: "assignment.create",
            entityType: "assignment",
            entityId: id,
            after: snapshot(c, 1),
          });
        } else {
          const id = c.assignmentId as string;
          const version = c.version as number;
          const set: Parameters<typeof updateAssignmentRow>[3] = { updated_at: now };
          if (c.fields.includes("leadDepartment")) set.lead_department_id = c.after.leadDepartment.id;
          if (c.fields.includes("deadline")) set.deadline = c.after.deadline;
          if (!(await updateAssignmentRow(tx, id, version, set))) throw errors.conflict("assignment", id);
          if (c.fields.includes("coDepartments"))
            await setCoDepartments(
              tx,
              id,
              c.after.coDepartments.map((d) => d.id),
            );
          const moved = c.fields.filter((f) => f !== "coDepartments");
          if (moved.length > 0) {
            const from = (f: (typeof moved)[number]) =>
              f === "leadDepartment" ? c.before?.leadDepartment.id : c.before?.deadline;
            const to = (f: (typeof moved)[number]) =>
              f === "leadDepartment" ? c.after.leadDepartment.id : c.after.deadline;
            await event(tx, ctx, {
              assignmentId: id,
              action: "update",
              detail: {
                ...Object.fromEntries(
                  moved.map((f) => [
                    f === "leadDepartment" ? "leadDepartmentId" : f,
                    { from: from(f), to: to(f) },
                  ]),
                ),
                import: true,
              },
            });
            await recolour(tx, ctx, id);
          }
          await audit({
            action: "assignment.update",
            entityType: "assignment",
            entityId: id,
            before: c.before && {
              leadDepartmentId: c.before.leadDepartment.id,
              coDepartmentIds: c.before.coDepartments.map((d) => d.id),
              deadline: c.before.deadline,
              version,
            },
            after: snapshot(c, version + 1),
          });
        }
      }
      if (p.changes.length > 0)
        await audit({
          action: "decomposition.import",
          entityType: "report",
          entityId: report.id,
          after: {
            fileName: input.fileName,
            created: p.changes.filter((c) => c.kind === "create").length,
            updated: p.changes.filter((c) => c.kind === "update").length,
          },
        });
      return result(p, true);
    });
  } catch (err) {
    // Someone assigned one of the tasks between the plan and the insert: the unique index on task_id decides.
    if (isUniqueViolation(err)) throw errors.conflict("assignment", reportId);
    throw err;
  }
}
