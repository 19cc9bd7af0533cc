import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Descriptions, List, Space, Tag, Typography } from "antd";
import { useState } from "react";
import type { AssignmentDetail } from "../../../src/contract/api/assignments.js";
import { cycleApi, errorMessage } from "../api.js";
import { formatDate, formatDateTime, formatDeadline } from "../format.js";
import { t } from "../messages.js";
import { assignmentKey } from "./AssignmentDetail.js";
import { historyKey } from "./AssignmentHistory.js";
import { ColourTag } from "./ColourTag.js";
import { ClosureDialog, ExtensionDialog, ReassignDialog } from "./CycleDialogs.js";
import { ReasonDialog } from "./ReasonDialog.js";

type Open =
  | { kind: "decline" | "reject" | "closure" | "extension" | "reassign" }
  | { kind: "return"; progressId: string }
  | { kind: "refuse"; extensionId: string }
  | null;

const c = () => t.cycle;

/**
 * The 督办 panel of an assignment: its colour and sign-off dates, and the buttons of the cycle steps the
 * caller may take now (the server says which, in `detail.actions`), with the dialogs that ask for reasons,
 * evidence or a new deadline. Pending reports and extension requests are listed for the supervisor to decide.
 */
export function AssignmentActions({ detail, refresh }: { detail: AssignmentDetail; refresh: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState<Open>(null);
  const run = useMutation({
    mutationFn: (step: () => Promise<AssignmentDetail>) => step(),
    onSuccess: (d) => {
      qc.setQueryData(assignmentKey(d.id), d);
      void qc.invalidateQueries({ queryKey: historyKey(d.id) });
      void message.success(c().done);
      setOpen(null);
      refresh();
    },
    onError: (err) => {
      if (open === null) void message.error(errorMessage(err));
    },
  });
  const a = detail;
  const can = (action: string) => a.actions.includes(action as AssignmentDetail["actions"][number]);
  const go = (step: () => Promise<AssignmentDetail>) => {
    run.reset();
    run.mutate(step);
  };
  const show = (o: Open) => {
    run.reset();
    setOpen(o);
  };
  const pendingReports = can("review_progress")
    ? a.progress.filter((p) => p.kind === "progress" && p.reviewStatus === "pending")
    : [];
  const pendingExtension = a.extensions.find((e) => e.status === "pending");
  const dialog = { pending: run.isPending, error: run.error, onCancel: () => setOpen(null) };

  return (
    <Card size="small" title={<h2 className="card-title">{c().title}</h2>} data-testid="cycle-panel">
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={c().colourLabel}>
            <ColourTag colour={a.colour} reason={a.colourReason} showReason />
          </Descriptions.Item>
          <Descriptions.Item label={c().reportCycleLabel}>{c().reportCycle[a.reportCycle]}</Descriptions.Item>
          <Descriptions.Item label={c().ackDue}>{formatDate(a.ackDueDate)}</Descriptions.Item>
          <Descriptions.Item label={c().acknowledgedAt}>
            {a.acknowledgedAt ? formatDateTime(a.acknowledgedAt) : c().notAcknowledged}
          </Descriptions.Item>
        </Descriptions>

        {pendingExtension && (
          <Card type="inner" size="small" title={c().pendingExtension} data-testid="pending-extension">
            <p>
              {c().currentDeadline}：{formatDeadline(pendingExtension.currentDeadline)} → {c().newDeadline}：
              <strong>{formatDeadline(pendingExtension.requestedDeadline)}</strong>
            </p>
            <p>
              {c().reason}：{pendingExtension.reason}
              {pendingExtension.requestedByName && (
                <span className="muted"> · {c().requestedBy(pendingExtension.requestedByName)}</span>
              )}
            </p>
            {can("decide_extension") && (
              <Space wrap>
                <Button
                  type="primary"
                  loading={run.isPending}
                  onClick={() =>
                    go(() =>
                      cycleApi.decideExtension(pendingExtension.id, {
                        version: a.version,
                        decision: "approve",
                      }),
                    )
                  }
                >
                  {c().actions.approveExtension}
                </Button>
                <Button onClick={() => show({ kind: "refuse", extensionId: pendingExtension.id })}>
                  {c().actions.refuseExtension}
                </Button>
              </Space>
            )}
          </Card>
        )}

        {pendingReports.length > 0 && (
          <Card type="inner" size="small" title={c().pendingReviews} data-testid="pending-reviews">
            <List
              size="small"
              dataSource={pendingReports}
              rowKey="id"
              renderItem={(p) => (
                <List.Item
                  actions={[
                    <Button
                      key="accept"
                      type="primary"
                      size="small"
                      loading={run.isPending}
                      onClick={() =>
                        go(() => cycleApi.review(p.id, { version: a.version, decision: "accept" }))
                      }
                    >
                      {c().actions.accept}
                    </Button>,
                    <Button
                      key="return"
                      size="small"
                      onClick={() => show({ kind: "return", progressId: p.id })}
                    >
                      {c().actions.return}
                    </Button>,
                  ]}
                >
                  <Space direction="vertical" size={0}>
                    <Space wrap>
                      <strong>{p.percent}%</strong>
                      <Tag>{c().review.pending}</Tag>
                      {p.periodKey && <span className="muted">{c().periodOf(p.periodKey)}</span>}
                      <span className="muted">{formatDateTime(p.createdAt)}</span>
                    </Space>
                    <span>{p.text}</span>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        )}

        {a.status === "done" && (
          <Typography.Text strong data-testid="closure-pending">
            {c().pendingClosure}
          </Typography.Text>
        )}

        <Space wrap aria-label={c().actionsLabel} role="group">
          {can("acknowledge") && (
            <Button
              type="primary"
              loading={run.isPending}
              onClick={() => go(() => cycleApi.acknowledge(a.id, a.version))}
            >
              {c().actions.acknowledge}
            </Button>
          )}
          {can("decline") && <Button onClick={() => show({ kind: "decline" })}>{c().actions.decline}</Button>}
          {can("reassign") && (
            <Button onClick={() => show({ kind: "reassign" })}>{c().actions.reassign}</Button>
          )}
          {can("request_closure") && (
            <Button onClick={() => show({ kind: "closure" })}>{c().actions.requestClosure}</Button>
          )}
          {can("approve_closure") && (
            <Button
              type="primary"
              loading={run.isPending}
              onClick={() =>
                go(() => cycleApi.decideClosure(a.id, { version: a.version, decision: "approve" }))
              }
            >
              {c().actions.approveClosure}
            </Button>
          )}
          {can("reject_closure") && (
            <Button onClick={() => show({ kind: "reject" })}>{c().actions.rejectClosure}</Button>
          )}
          {can("request_extension") && !pendingExtension && (
            <Button onClick={() => show({ kind: "extension" })}>{c().actions.requestExtension}</Button>
          )}
        </Space>
        {a.actions.length === 0 && <span className="muted">{c().noActions}</span>}
      </Space>

      <ReasonDialog
        {...dialog}
        open={open?.kind === "decline"}
        title={c().actions.decline}
        required
        onSubmit={(reason) => go(() => cycleApi.decline(a.id, a.version, reason))}
      />
      <ReasonDialog
        {...dialog}
        open={open?.kind === "reject"}
        title={c().actions.rejectClosure}
        required
        onSubmit={(reason) =>
          go(() => cycleApi.decideClosure(a.id, { version: a.version, decision: "reject", reason }))
        }
      />
      <ReasonDialog
        {...dialog}
        open={open?.kind === "return"}
        title={c().actions.return}
        required
        onSubmit={(reason) =>
          open?.kind === "return" &&
          go(() => cycleApi.review(open.progressId, { version: a.version, decision: "return", reason }))
        }
      />
      <ReasonDialog
        {...dialog}
        open={open?.kind === "refuse"}
        title={c().actions.refuseExtension}
        required
        onSubmit={(reason) =>
          open?.kind === "refuse" &&
          go(() =>
            cycleApi.decideExtension(open.extensionId, { version: a.version, decision: "refuse", reason }),
          )
        }
      />
      <ClosureDialog
        {...dialog}
        open={open?.kind === "closure"}
        onSubmit={(text, files) =>
          go(() => cycleApi.requestClosure(a.id, { version: a.version, text }, files))
        }
      />
      <ExtensionDialog
        {...dialog}
        detail={a}
        open={open?.kind === "extension"}
        onSubmit={(day, reason) =>
          go(() => cycleApi.requestExtension(a.id, { version: a.version, requestedDeadline: day, reason }))
        }
      />
      <ReassignDialog
        {...dialog}
        detail={a}
        open={open?.kind === "reassign"}
        onSubmit={(departmentId, reason) =>
          go(() =>
            cycleApi.reassign(a.id, {
              version: a.version,
              leadDepartmentId: departmentId,
              ...(reason ? { reason } : {}),
            }),
          )
        }
      />
    </Card>
  );
}
