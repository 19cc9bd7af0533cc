import { TEMPLATE_VARIABLES } from "../../contract/api/notifications.js";
import { errors } from "../../core/errors.js";
import type { ReminderPayload } from "../../core/supervise/reminders.js";

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const QUARTERS = ["一", "二", "三", "四"];

/** A day as Chinese documents write a deadline: the last day of a month "2026年3月底", else "2026年3月15日". */
export function chineseDay(day: string | null | undefined): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  if (!m) return day ?? "";
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d === last ? `${y}年${mo}月底` : `${y}年${mo}月${d}日`;
}

/** A reporting period: "2026-03" → 2026年3月, "2026-Q1" → 2026年第一季度, a milestone → its title. */
export function periodLabel(period: string | undefined, milestoneTitle?: string): string {
  if (!period) return "";
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}年第${QUARTERS[Number(quarter[2]) - 1]}季度`;
  return milestoneTitle ? `节点“${milestoneTitle}”` : period;
}

/** The values of a reminder's placeholders. `baseUrl` makes links absolute for messages read outside the app. */
export function templateVariables(payload: ReminderPayload, baseUrl: string): Record<string, string> {
  const path = `/assignments/${encodeURIComponent(payload.assignmentId)}`;
  return {
    任务: payload.task,
    部门: payload.department,
    地区: payload.region ?? "",
    期限: chineseDay(payload.deadline),
    签收期限: chineseDay(payload.ackDue),
    报告期: periodLabel(payload.period, payload.milestoneTitle),
    报告截止: chineseDay(payload.reportDue),
    天数: payload.days === undefined ? "" : String(payload.days),
    收件人: payload.recipient ?? payload.department,
    链接: `${baseUrl.replace(/\/+$/, "")}${path}`,
  };
}

export function renderText(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => vars[name] ?? "");
}

const SUBJECT_MAX = 120;

export function renderMessage(
  template: { subject: string; body: string },
  vars: Record<string, string>,
): { subject: string; body: string } {
  const subject = renderText(template.subject, vars).replace(/\s+/g, " ").trim();
  return {
    subject: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject,
    body: renderText(template.body, vars),
  };
}

/** Refuses a template naming a placeholder that does not exist (a typo would silently print nothing). */
export function checkPlaceholders(field: "subject" | "body", text: string): void {
  const known = new Set<string>(TEMPLATE_VARIABLES);
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1] as string;
    if (!known.has(name))
      throw errors.invalid(
        field,
        `unknown placeholder {{${name}}}; known: ${TEMPLATE_VARIABLES.join(", ")}`,
        `未知的占位符 {{${name}}}，可用：${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join("、")}`,
      );
  }
}
