import { Progress, Space, Tag } from "antd";
import type { AssignmentStatus } from "../../../src/contract/api/assignments.js";
import { t } from "../messages.js";

/**
 * Colours by status, dark enough on their tint for WCAG AA (AntD's green and cyan presets are not). The 督办
 * cycle may add statuses, which show in the default colour.
 */
export const TAG_STYLE: Record<string, { color: string; background: string; borderColor: string }> = {
  assigned: { color: "#0958d9", background: "#e6f4ff", borderColor: "#91caff" },
  in_progress: { color: "#006d75", background: "#e6fffb", borderColor: "#87e8de" },
  done: { color: "#237804", background: "#f6ffed", borderColor: "#b7eb8f" },
};

export function statusLabel(status: AssignmentStatus | "unassigned"): string {
  return (t.status as Record<string, string>)[status] ?? status;
}

/** The status in words (never colour alone), and 逾期 beside it when the deadline has passed. */
export function StatusTag({
  status,
  overdue,
}: {
  status: AssignmentStatus | "unassigned";
  overdue?: boolean;
}) {
  return (
    <Space size={4} wrap>
      <Tag style={TAG_STYLE[status]}>{statusLabel(status)}</Tag>
      {overdue && <Tag color="red">{t.status.overdue}</Tag>}
    </Space>
  );
}

/** The latest reported percent as a small bar with the number written out. */
export function PercentBar({ percent, label }: { percent: number | null; label: string }) {
  if (percent === null) return <span className="muted">{t.common.none}</span>;
  return (
    <Progress
      percent={percent}
      size="small"
      aria-label={`${label} ${percent}%`}
      status={percent >= 100 ? "success" : "normal"}
    />
  );
}

/** Whole days from today (local calendar) to an ISO date: negative when it has passed. */
export function daysUntil(isoDay: string, now: Date = new Date()): number {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  const target = Date.UTC(y, m - 1, d);
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((target - today) / 86_400_000);
}
