import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Drawer, Segmented, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import type { Assignment } from "../../../src/contract/api/assignments.js";
import { errorMessage, workApi } from "../api.js";
import { AssignmentDetail } from "../assignments/AssignmentDetail.js";
import { ColourTag } from "../assignments/ColourTag.js";
import { cyclePanel } from "../assignments/cyclePanel.js";
import { daysUntil, PercentBar, StatusTag } from "../assignments/StatusTag.js";
import { useMe } from "../auth.js";
import { formatDeadline } from "../format.js";
import { t } from "../messages.js";
import "../work.css";

type Filter = "open" | "overdue" | "done" | "all";
const FINISHED = ["done", "closed"];
const m = () => t.myTasks;

/** Soonest deadline first; assignments without one last. */
function byDeadline(a: Assignment, b: Assignment): number {
  if (a.deadline === b.deadline) return a.taskText.localeCompare(b.taskText, "zh-CN");
  if (a.deadline === null) return 1;
  if (b.deadline === null) return -1;
  return a.deadline < b.deadline ? -1 : 1;
}

function Due({ a }: { a: Assignment }) {
  if (!a.deadline) return <span className="muted">{t.common.none}</span>;
  const days = daysUntil(a.deadline);
  const open = !FINISHED.includes(a.status);
  return (
    <Space direction="vertical" size={0}>
      <span>{formatDeadline(a.deadline)}</span>
      {open && days < 0 && <Typography.Text type="danger">{m().overdueBy(-days)}</Typography.Text>}
      {open && days === 0 && <Typography.Text type="warning">{m().dueToday}</Typography.Text>}
      {open && days > 0 && days <= 14 && <span className="muted">{m().dueIn(days)}</span>}
    </Space>
  );
}

/** 我的任务: the department's assignments by deadline, progress reporting and its history. */
export function MyTasksPage() {
  const me = useMe().data;
  const departmentId = me?.user.departmentId ?? null;
  const q = useQuery({ queryKey: ["assignments", "mine"], queryFn: workApi.allAssignments });
  const [filter, setFilter] = useState<Filter>("open");
  const [open, setOpen] = useState<Assignment | null>(null);
  const all = useMemo(() => [...(q.data ?? [])].sort(byDeadline), [q.data]);
  const rows = all.filter((a) =>
    filter === "all"
      ? true
      : filter === "done"
        ? FINISHED.includes(a.status)
        : filter === "overdue"
          ? a.overdue
          : !FINISHED.includes(a.status),
  );
  const overdue = all.filter((a) => a.overdue).length;

  const columns: ColumnsType<Assignment> = [
    {
      title: m().columns.task,
      dataIndex: "taskText",
      render: (v: string, a) => (
        <Link to={`/assignments/${encodeURIComponent(a.id)}`} className="task-text">
          {v}
        </Link>
      ),
    },
    {
      title: m().columns.role,
      width: 90,
      render: (_v, a) =>
        a.leadDepartment.id === departmentId ? (
          <Tag color="geekblue">{m().role.lead}</Tag>
        ) : (
          <Tag>{m().role.co}</Tag>
        ),
    },
    { title: m().columns.deadline, width: 150, render: (_v, a) => <Due a={a} /> },
    {
      title: m().columns.status,
      width: 150,
      render: (_v, a) => <StatusTag status={a.status} overdue={a.overdue} />,
    },
    {
      title: t.cycle.colourLabel,
      width: 110,
      render: (_v, a) => <ColourTag colour={a.colour} reason={a.colourReason} />,
    },
    {
      title: m().columns.percent,
      width: 160,
      render: (_v, a) => <PercentBar percent={a.percent} label={m().columns.percent} />,
    },
    {
      title: m().columns.actions,
      width: 120,
      render: (_v, a) => (
        <Button size="small" onClick={() => setOpen(a)} aria-label={m().reportFor(a.taskText.slice(0, 40))}>
          {m().report}
        </Button>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" className="page" data-testid="my-tasks-page">
      <header>
        <Typography.Title level={1} className="page-title">
          {m().title}
        </Typography.Title>
        {me?.user.role === "department" && !departmentId && (
          <Alert type="warning" showIcon message={m().noDepartment} />
        )}
        <span className="muted" data-testid="my-tasks-summary">
          {m().summary(all.length, overdue)}
        </span>
      </header>
      <Segmented<Filter>
        aria-label={m().filter}
        value={filter}
        onChange={setFilter}
        options={(["open", "overdue", "done", "all"] as const).map((f) => ({
          value: f,
          label: m().filters[f],
        }))}
      />
      {q.isError && (
        <Alert
          type="error"
          showIcon
          message={errorMessage(q.error)}
          action={<Button onClick={() => void q.refetch()}>{t.common.retry}</Button>}
        />
      )}
      <Table<Assignment>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={q.isPending}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: <span className="muted">{m().empty}</span> }}
        rowClassName={(a) => (a.overdue ? "row-overdue" : "")}
        data-testid="my-tasks-table"
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        width={720}
        title={open ? m().reportFor(open.taskText.slice(0, 30)) : ""}
        destroyOnHidden
      >
        {open && <AssignmentDetail id={open.id} actions={cyclePanel} onChanged={() => void q.refetch()} />}
      </Drawer>
    </Space>
  );
}
