import type { LedgerQuery } from "../../contract/api/documents.js";
import { QUALITY_LEVEL_ZH, type QualityLevel } from "../../contract/api/scoring.js";
import { shanghaiDay, shanghaiTime } from "../../core/calendar/index.js";
import { errors } from "../../core/errors.js";
import { zhDay, zhDeadline } from "../../core/supervise/zhDate.js";
import { getRegion, regionAndDescendants } from "../../db/repos/regions.js";
import { type DocumentScope, type ScopedEventRow, scopedEvents } from "../../db/repos/scoring.js";
import type { AppContext } from "../context.js";
import { regionScope, requireRole } from "../guard.js";
import { type AssignmentFacts, latestProgress, loadFacts } from "../scoring/facts.js";
import { requireRegionInScope } from "../scoring/rubric.js";
import { loadStatusSetting } from "../scoring/setting.js";
import { type ColumnSpec, newWorkbook, sheetFromColumns, workbookBuffer } from "../xlsx/workbook.js";

/**
 * 台账: every assignment with its current status (sheet 1) and the status history of each (sheet 2), as an
 * .xlsx that opens in Excel and WPS. Admins, supervisors and viewers get their region's (or the one asked
 * for); a department user gets only the rows of assignments their department leads or co-operates on.
 */

export const STATUS_ZH: Record<string, string> = {
  assigned: "已交办（待签收）",
  in_progress: "办理中",
  declined: "已退回",
  done: "办结待审",
  closed: "已办结销号",
};

export const COLOUR_ZH: Record<string, string> = {
  green: "绿（正常推进）",
  blue: "蓝（临期）",
  yellow: "黄（进度滞后）",
  red: "红（逾期）",
  done: "已办结",
};

// Light fills so black text stays readable when printed.
const COLOUR_FILL: Record<string, string> = {
  green: "FFD9F7BE",
  blue: "FFBAE0FF",
  yellow: "FFFFF1B8",
  red: "FFFFCCC7",
  done: "FFF0F0F0",
};

/** The history's actions (as the 督办 cycle, the status engine and escalation write them) in Chinese. */
const ACTION_ZH: Record<string, string> = {
  assign: "交办",
  update: "修改交办",
  acknowledge: "签收",
  start: "开始办理",
  decline: "退回",
  reassign: "重新交办",
  progress: "填报进展",
  review: "审核进展",
  closure_request: "申请办结",
  closure_approve: "办结销号",
  closure_reject: "驳回办结申请",
  extension_request: "申请延期",
  extension_approve: "批准延期",
  extension_refuse: "不同意延期",
  colour: "状态变化",
  escalate: "催办",
  red_list: "列入红榜",
  deescalate: "解除催办",
  quality: "质量评价",
};

const DECISION_ZH: Record<string, string> = { accept: "通过", return: "退回" };

/** The words a reader wants from an event's detail: its reason or text, else the JSON itself. */
function eventDetail(detail: string | null): string {
  if (!detail) return "";
  try {
    const d = JSON.parse(detail) as Record<string, unknown>;
    const words = ["decision", "reason", "text", "note", "message"]
      .map((k) => (k === "decision" && typeof d[k] === "string" ? DECISION_ZH[d[k] as string] : d[k]))
      .filter((v): v is string => typeof v === "string" && v.length > 0);
    if (typeof d.to === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d.to)) words.unshift(`延期至${zhDay(d.to)}`);
    if (typeof d.percent === "number") words.push(`进度${d.percent}%`);
    const level = typeof d.level === "string" ? QUALITY_LEVEL_ZH[d.level as QualityLevel] : undefined;
    if (level) words.unshift(`评价为“${level}”`);
    if (words.length > 0) return words.join("；");
    return JSON.stringify(d);
  } catch {
    return detail;
  }
}

const stateZh = (s: string | null) => (s === null ? "" : (STATUS_ZH[s] ?? COLOUR_ZH[s] ?? s));
const localTime = (iso: string) => {
  const t = shanghaiTime(new Date(iso));
  return `${t.day} ${String(Math.floor(t.minutes / 60)).padStart(2, "0")}:${String(t.minutes % 60).padStart(2, "0")}`;
};

interface TaskRow {
  no: number;
  a: AssignmentFacts;
  lead: string;
  co: string;
  progress: { percent: number; text: string } | null;
}

const TASK_COLUMNS: ColumnSpec<TaskRow>[] = [
  { header: "序号", width: 6, type: "number", numFmt: "0", value: (r) => r.no },
  { header: "重点任务", width: 60, wrap: true, value: (r) => r.a.taskText },
  { header: "牵头单位", width: 20, wrap: true, value: (r) => r.lead },
  { header: "责任单位", width: 24, wrap: true, value: (r) => r.co },
  {
    header: "完成时限",
    width: 16,
    value: (r) => (r.a.writtenDeadline ? zhDeadline(r.a.writtenDeadline) : ""),
  },
  { header: "状态", width: 16, value: (r) => STATUS_ZH[r.a.status] ?? r.a.status },
  { header: "颜色", width: 16, value: (r) => COLOUR_ZH[r.a.colour] ?? r.a.colour },
  { header: "进度", width: 8, type: "number", numFmt: '0"%"', value: (r) => r.progress?.percent },
  { header: "最新进展", width: 50, wrap: true, value: (r) => r.progress?.text },
  { header: "办结时间", width: 16, value: (r) => (r.a.closedDay ? zhDay(r.a.closedDay) : "") },
];

interface EventRow {
  no: number;
  task: string;
  e: ScopedEventRow;
}

const EVENT_COLUMNS: ColumnSpec<EventRow>[] = [
  { header: "序号", width: 6, type: "number", numFmt: "0", value: (r) => r.no },
  { header: "重点任务", width: 50, wrap: true, value: (r) => r.task },
  { header: "时间", width: 18, value: (r) => localTime(r.e.at) },
  { header: "操作", width: 14, value: (r) => ACTION_ZH[r.e.action] ?? r.e.action },
  { header: "原状态", width: 16, value: (r) => stateZh(r.e.from_state) },
  { header: "新状态", width: 16, value: (r) => stateZh(r.e.to_state) },
  { header: "操作人", width: 14, value: (r) => r.e.actor_name ?? "" },
  { header: "说明", width: 50, wrap: true, value: (r) => eventDetail(r.e.detail) },
];

/** Whose rows the actor may export, narrowed to the region asked for. */
async function ledgerScope(
  ctx: AppContext,
  query: LedgerQuery,
): Promise<{ scope: DocumentScope; label: string }> {
  const actor = requireRole(ctx.actor, "admin", "supervisor", "viewer", "department");
  const q = ctx.db.kysely;
  let label = "全部地区";
  let regionIds: readonly string[] | null = actor.role === "department" ? null : regionScope(actor);
  if (query.regionId !== undefined) {
    // A department user's rows are their department's wherever they lie: the region only narrows them.
    const region =
      actor.role === "department"
        ? await getRegion(q, query.regionId)
        : await requireRegionInScope(q, actor, query.regionId);
    if (!region) throw errors.notFound("region", query.regionId);
    label = region.name;
    regionIds = await regionAndDescendants(q, region.id);
  }
  if (actor.role !== "department") return { scope: { regionIds }, label };
  if (!actor.departmentId) throw errors.forbidden("your account belongs to no department");
  return { scope: { regionIds, departmentId: actor.departmentId }, label };
}

export async function buildLedger(
  ctx: AppContext,
  query: LedgerQuery,
): Promise<{ bytes: Buffer; rows: number; fileName: string }> {
  const { scope, label } = await ledgerScope(ctx, query);
  const q = ctx.db.kysely;
  const today = shanghaiDay(ctx.now());
  const setting = await loadStatusSetting(q);
  const [facts, events] = await Promise.all([loadFacts(q, scope, setting.calendar), scopedEvents(q, scope)]);
  const name = (id: string) => facts.departments.get(id)?.name ?? id;
  const rows: TaskRow[] = facts.assignments.map((a, i) => ({
    no: i + 1,
    a,
    lead: name(a.leadDepartmentId),
    co: a.coDepartmentIds.map(name).join("、"),
    progress: latestProgress(a, today),
  }));
  const byId = new Map(rows.map((r) => [r.a.id, r]));
  const eventRows: EventRow[] = [];
  for (const e of events) {
    const r = byId.get(e.assignment_id);
    if (r) eventRows.push({ no: r.no, task: r.a.taskText, e });
  }
  eventRows.sort((x, y) => x.no - y.no || x.e.at.localeCompare(y.e.at));

  const wb = newWorkbook(ctx.now());
  const sheet = sheetFromColumns(wb, "重点任务台账", TASK_COLUMNS, rows);
  const colourColumn = TASK_COLUMNS.findIndex((c) => c.header === "颜色") + 1;
  rows.forEach((r, i) => {
    const argb = COLOUR_FILL[r.a.colour];
    if (argb)
      sheet.getRow(i + 2).getCell(colourColumn).fill = {
        type: "pattern",
        pattern: "solid",
        fgColor: { argb },
      };
  });
  sheetFromColumns(wb, "状态变更记录", EVENT_COLUMNS, eventRows);
  return {
    bytes: await workbookBuffer(wb),
    rows: rows.length,
    fileName: `${label}重点任务督办台账-${today}.xlsx`,
  };
}
