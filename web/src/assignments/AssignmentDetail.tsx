import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Card, Descriptions, Empty, List, Space, Spin, Tag, Timeline, Typography } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { AssignmentDetail as Detail } from "../../../src/contract/api/assignments.js";
import { errorMessage, workApi } from "../api.js";
import { useMe } from "../auth.js";
import { formatDateTime, formatDeadline } from "../format.js";
import { t } from "../messages.js";
import { ProgressForm } from "./ProgressForm.js";
import { PercentBar, StatusTag, TAG_STYLE } from "./StatusTag.js";

export const assignmentKey = (id: string) => ["assignment", id] as const;

const FINISHED = ["closed"];

function History({ detail }: { detail: Detail }) {
  if (detail.progress.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.assignment.noHistory} />;
  return (
    <Timeline
      items={detail.progress.map((p) => ({
        key: p.id,
        children: (
          <div className="progress-entry" data-testid="progress-entry">
            <Space wrap size="middle">
              <strong>{p.percent}%</strong>
              <span className="muted">{formatDateTime(p.createdAt)}</span>
              {p.authorName && <span className="muted">{t.assignment.by(p.authorName)}</span>}
            </Space>
            <p className="progress-text">{p.text}</p>
            {p.evidence.length > 0 && (
              <Space wrap>
                <span className="muted">{t.assignment.evidence}：</span>
                {p.evidence.map((e) => (
                  <a key={e.id} href={workApi.evidenceUrl(e.id)} download={e.name}>
                    {e.name}
                  </a>
                ))}
              </Space>
            )}
          </div>
        ),
      }))}
    />
  );
}

/**
 * One assignment: task, report, departments, deadline, status, milestones and the progress history, with the
 * progress form for those who report. `actions` renders extra controls (签收, 审核, 延期 …) above the history.
 */
export function AssignmentDetail({
  id,
  actions,
  onChanged,
}: {
  id: string;
  actions?: (detail: Detail, refresh: () => void) => ReactNode;
  onChanged?: () => void;
}) {
  const role = useMe().data?.user.role;
  const qc = useQueryClient();
  const q = useQuery({ queryKey: assignmentKey(id), queryFn: () => workApi.assignment(id) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: assignmentKey(id) });
    onChanged?.();
  };
  if (q.isPending)
    return (
      <Spin tip={t.common.loading}>
        <div style={{ height: 80 }} />
      </Spin>
    );
  if (q.isError || !q.data) return <Alert type="error" showIcon message={errorMessage(q.error)} />;
  const a = q.data;
  const canReport = role === "admin" || role === "supervisor" || role === "department";

  return (
    <Space direction="vertical" size="middle" className="page" data-testid="assignment-detail">
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t.assignment.task}>{a.task.text}</Descriptions.Item>
        <Descriptions.Item label={t.assignment.report}>
          <Link to={`/reports/${encodeURIComponent(a.task.reportId)}`}>
            {a.task.reportTitle ?? t.reports.untitled}
          </Link>
        </Descriptions.Item>
        {a.task.groupName && (
          <Descriptions.Item label={t.assignment.group}>{a.task.groupName}</Descriptions.Item>
        )}
        <Descriptions.Item label={t.assignment.lead}>{a.leadDepartment.name}</Descriptions.Item>
        <Descriptions.Item label={t.assignment.co}>
          {a.coDepartments.length > 0 ? a.coDepartments.map((d) => d.name).join("、") : t.common.none}
        </Descriptions.Item>
        <Descriptions.Item label={t.assignment.deadline}>{formatDeadline(a.deadline)}</Descriptions.Item>
        <Descriptions.Item label={t.assignment.status}>
          <StatusTag status={a.status} overdue={a.overdue} />
        </Descriptions.Item>
        <Descriptions.Item label={t.assignment.percent}>
          <PercentBar percent={a.percent} label={t.assignment.percent} />
        </Descriptions.Item>
        {a.note && <Descriptions.Item label={t.assignment.note}>{a.note}</Descriptions.Item>}
        <Descriptions.Item label={t.assignment.milestones}>
          {a.milestones.length === 0 ? (
            t.assignment.noMilestones
          ) : (
            <List
              size="small"
              dataSource={a.milestones}
              rowKey="id"
              renderItem={(m) => (
                <List.Item>
                  <Space wrap>
                    <span>{m.title}</span>
                    {m.dueDate && <span className="muted">{formatDeadline(m.dueDate)}</span>}
                    {m.doneAt && <Tag style={TAG_STYLE.done}>{t.assignment.milestoneDone}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Descriptions.Item>
      </Descriptions>
      {actions?.(a, refresh)}
      {canReport && (
        <Card size="small" title={<h2 className="card-title">{t.progress.title}</h2>}>
          {!a.actions.includes("submit_progress") ? (
            <Typography.Text type="secondary">
              {FINISHED.includes(a.status) ? t.progress.closed : t.cycle.notReportable}
            </Typography.Text>
          ) : (
            <ProgressForm assignmentId={a.id} initialPercent={a.percent} onSubmitted={refresh} />
          )}
        </Card>
      )}
      <Card size="small" title={<h2 className="card-title">{t.assignment.history}</h2>}>
        <History detail={a} />
      </Card>
    </Space>
  );
}
