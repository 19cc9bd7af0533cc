import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Empty, Space, Spin, Timeline } from "antd";
import type { ReactNode } from "react";
import type { AssignmentEvent, Colour } from "../../../src/contract/api/supervision.js";
import { cycleApi, errorMessage } from "../api.js";
import { formatDateTime, formatDeadline } from "../format.js";
import { t } from "../messages.js";
import { statusLabel } from "./StatusTag.js";

export const historyKey = (id: string) => ["assignment-history", id] as const;

const c = () => t.cycle;
const COLOURS = ["green", "blue", "yellow", "red", "done"];
const colourWord = (v: string | null) => (v && COLOURS.includes(v) ? c().colour[v as Colour] : (v ?? ""));

/** The facts of a step worth reading: reason, percent, period, deadline change, review decision. */
function details(e: AssignmentEvent): string[] {
  const d = e.detail ?? {};
  const out: string[] = [];
  if (e.action === "colour") out.push(`${colourWord(e.fromState)} → ${colourWord(e.toState)}`);
  else if (e.fromState && e.toState && e.fromState !== e.toState)
    out.push(`${statusLabel(e.fromState as never)} → ${statusLabel(e.toState as never)}`);
  if (typeof d.decision === "string" && c().detailDecision[d.decision])
    out.push(c().detailDecision[d.decision] as string);
  if (typeof d.percent === "number" && e.action !== "colour") out.push(c().detailPercent(d.percent));
  if (typeof d.periodKey === "string") out.push(c().detailPeriod(d.periodKey));
  if (e.action.startsWith("extension") && typeof d.to === "string")
    out.push(
      c().detailDeadline(formatDeadline(typeof d.from === "string" ? d.from : null), formatDeadline(d.to)),
    );
  if (e.action === "quality" && typeof d.level === "string")
    out.push((t.quality.levels as Record<string, string>)[d.level] ?? d.level);
  if (typeof d.reason === "string" && d.reason) out.push(c().detailReason(d.reason));
  if (typeof d.text === "string" && d.text) out.push(d.text);
  return out;
}

/**
 * 督办记录: every step of the task's cycle, oldest first, as the server recorded it. `stamp` changes whenever
 * the assignment does (a new version or a new report), so the history is read again with it.
 */
export function AssignmentHistory({ id, stamp }: { id: string; stamp: string }) {
  const q = useQuery({ queryKey: [...historyKey(id), stamp], queryFn: () => cycleApi.history(id) });
  let body: ReactNode;
  if (q.isPending)
    body = (
      <Spin tip={t.common.loading}>
        <div style={{ height: 40 }} />
      </Spin>
    );
  else if (q.isError) body = <Alert type="error" showIcon message={errorMessage(q.error)} />;
  else if (q.data.items.length === 0)
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={c().noEvents} />;
  else
    body = (
      <Timeline
        items={q.data.items.map((e) => ({
          key: e.id,
          color:
            e.action === "colour"
              ? "gray"
              : e.action.endsWith("reject") || e.action.endsWith("refuse") || e.action === "decline"
                ? "red"
                : "blue",
          children: (
            <div data-testid="cycle-event" data-action={e.action}>
              <Space wrap size="middle">
                <strong>{c().events[e.action] ?? e.action}</strong>
                <span className="muted">{formatDateTime(e.at)}</span>
                <span className="muted">{c().by(e.actorName ?? c().system)}</span>
              </Space>
              {details(e).length > 0 && <p className="progress-text">{details(e).join("；")}</p>}
            </div>
          ),
        }))}
      />
    );
  return (
    <Card size="small" title={<h2 className="card-title">{c().history}</h2>} data-testid="cycle-history">
      {body}
    </Card>
  );
}
