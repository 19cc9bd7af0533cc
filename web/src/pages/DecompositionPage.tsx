import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Input, Segmented, Space, Spin, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import type { DecompositionRow } from "../../../src/contract/api/decomposition.js";
import { errorMessage, workApi } from "../api.js";
import { PercentBar, StatusTag } from "../assignments/StatusTag.js";
import { useMe } from "../auth.js";
import { AssignDialog, type AssignMode } from "../decomposition/AssignDialog.js";
import { ImportDialog } from "../decomposition/ImportDialog.js";
import { formatDeadline } from "../format.js";
import { t } from "../messages.js";
import "../work.css";

type Filter = "all" | "unassigned" | "assigned" | "overdue";

const m = () => t.decompose;

/** The table body's height: the window less the page's header, so only the rows scroll. */
const bodyHeight = () => Math.max(360, window.innerHeight - 330);

function useBodyHeight(): number {
  const [h, setH] = useState(bodyHeight);
  useEffect(() => {
    const on = () => setH(bodyHeight());
    window.addEventListener("resize", on);
    return () => window.removeEventListener("resize", on);
  }, []);
  return h;
}

function matches(r: DecompositionRow, filter: Filter, text: string): boolean {
  if (filter === "unassigned" && r.assignment) return false;
  if (filter === "assigned" && !r.assignment) return false;
  if (filter === "overdue" && !r.assignment?.overdue) return false;
  return text === "" || r.text.includes(text) || (r.group?.includes(text) ?? false);
}

/**
 * 任务分解: every task of a report with its 牵头单位, 责任单位, 完成时限, milestones and progress; assign one or
 * many, export the 分解表 and import an edited copy. The table is virtual: a report of 10,000 tasks scrolls as
 * smoothly as one of twenty.
 */
export function DecompositionPage() {
  const { id = "" } = useParams();
  const role = useMe().data?.user.role;
  const canAssign = role === "admin" || role === "supervisor";
  const q = useQuery({ queryKey: ["decomposition", id], queryFn: () => workApi.decomposition(id) });
  const regionId = q.data?.report.regionId ?? null;
  const departments = useQuery({
    queryKey: ["departments", regionId],
    queryFn: () => workApi.departments(regionId),
    enabled: canAssign && q.isSuccess,
    staleTime: 60_000,
  });
  const [filter, setFilter] = useState<Filter>("all");
  const [search, setSearch] = useState("");
  const text = useDeferredValue(search.trim());
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<AssignMode | null>(null);
  const [importing, setImporting] = useState(false);
  const height = useBodyHeight();

  const all = q.data?.rows;
  const rows = useMemo(() => (all ?? []).filter((r) => matches(r, filter, text)), [all, filter, text]);
  const assigned = useMemo(() => (all ?? []).filter((r) => r.assignment).length, [all]);

  const columns: ColumnsType<DecompositionRow> = useMemo(
    () => [
      { title: m().columns.seq, dataIndex: "seq", width: 64, align: "center" },
      {
        title: m().columns.task,
        dataIndex: "text",
        width: 420,
        render: (v: string) => <span className="task-text">{v}</span>,
      },
      {
        title: m().columns.lead,
        width: 150,
        render: (_v, r) =>
          r.assignment?.leadDepartment.name ?? <span className="muted">{t.common.none}</span>,
      },
      {
        title: m().columns.co,
        width: 170,
        render: (_v, r) =>
          r.assignment && r.assignment.coDepartments.length > 0 ? (
            r.assignment.coDepartments.map((d) => d.name).join("、")
          ) : (
            <span className="muted">{t.common.none}</span>
          ),
      },
      {
        title: m().columns.deadline,
        width: 140,
        render: (_v, r) =>
          r.assignment ? (
            formatDeadline(r.assignment.deadline)
          ) : r.taskDeadline ? (
            <span className="muted">{m().reportDeadline(formatDeadline(r.taskDeadline))}</span>
          ) : (
            <span className="muted">{t.common.none}</span>
          ),
      },
      {
        title: m().columns.milestones,
        width: 170,
        render: (_v, r) =>
          r.assignment && r.assignment.milestones.length > 0 ? (
            <ul className="milestone-list">
              {r.assignment.milestones.map((ms) => (
                <li key={ms.id}>
                  {ms.title}
                  {ms.dueDate && <span className="muted">（{formatDeadline(ms.dueDate)}）</span>}
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">{t.common.none}</span>
          ),
      },
      {
        title: m().columns.progress,
        width: 150,
        render: (_v, r) => (
          <Space direction="vertical" size={2} className="progress-cell">
            <StatusTag status={r.assignment?.status ?? "unassigned"} overdue={r.assignment?.overdue} />
            {r.assignment && r.assignment.percent !== null && (
              <PercentBar percent={r.assignment.percent} label={m().columns.progress} />
            )}
          </Space>
        ),
      },
      {
        title: m().columns.actions,
        width: 130,
        fixed: "right",
        render: (_v, r) => (
          <Space size={0} wrap>
            {canAssign && (
              <Button
                type="link"
                size="small"
                aria-label={r.assignment ? m().editTask(r.seq) : m().assignTask(r.seq)}
                onClick={() => setDialog({ kind: r.assignment ? "edit" : "create", row: r })}
              >
                {r.assignment ? m().edit : m().assign}
              </Button>
            )}
            {r.assignment && (
              <Link
                to={`/assignments/${encodeURIComponent(r.assignment.id)}`}
                aria-label={m().detailOf(r.seq)}
                className="table-link"
              >
                {m().detail}
              </Link>
            )}
          </Space>
        ),
      },
    ],
    [canAssign],
  );

  if (q.isPending)
    return (
      <div className="center-page">
        <Spin tip={t.common.loading}>
          <div style={{ width: 120, height: 60 }} />
        </Spin>
      </div>
    );
  if (q.isError || !q.data)
    return (
      <Alert
        type="error"
        showIcon
        message={errorMessage(q.error)}
        action={<Link to="/reports">{t.common.back}</Link>}
      />
    );
  const d = q.data;
  const selectedRows = d.rows.filter((r) => selected.includes(r.taskId));
  const done = () => {
    setDialog(null);
    setImporting(false);
    setSelected([]);
    void q.refetch();
  };

  return (
    <Space direction="vertical" size="middle" className="page" data-testid="decomposition-page">
      <header>
        <Typography.Title level={1} className="page-title">
          {d.sheetTitle}
        </Typography.Title>
        <Space wrap size="middle" className="muted">
          <Link to={`/reports/${encodeURIComponent(id)}`}>{d.report.title ?? t.reports.untitled}</Link>
          <span data-testid="decomposition-summary">{m().summary(d.rows.length, assigned)}</span>
        </Space>
      </header>
      <Space wrap size="middle" className="toolbar">
        <Input.Search
          allowClear
          aria-label={m().search}
          placeholder={m().searchPlaceholder}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 260 }}
        />
        <Segmented<Filter>
          aria-label={m().filter}
          value={filter}
          onChange={setFilter}
          options={(["all", "unassigned", "assigned", "overdue"] as const).map((f) => ({
            value: f,
            label: m().filters[f],
          }))}
        />
        {canAssign && (
          <Button
            type="primary"
            disabled={selectedRows.length === 0 || !departments.data}
            onClick={() => setDialog({ kind: "bulk", rows: selectedRows })}
          >
            {m().bulkAssign(selectedRows.length)}
          </Button>
        )}
        <Button href={workApi.exportUrl(id)} download data-testid="export-decomposition">
          {m().export}
        </Button>
        {canAssign && <Button onClick={() => setImporting(true)}>{m().import}</Button>}
        <span className="muted" aria-live="polite">
          {m().shown(rows.length, d.rows.length)}
        </span>
      </Space>
      <Table<DecompositionRow>
        virtual
        rowKey="taskId"
        size="small"
        bordered
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1394, y: height }}
        locale={{ emptyText: <span className="muted">{m().empty}</span> }}
        data-testid="decomposition-table"
        rowClassName={(r) => (r.assignment?.overdue ? "row-overdue" : "")}
        rowSelection={
          canAssign
            ? {
                selectedRowKeys: selected,
                // Selections made under another search stay selected.
                preserveSelectedRowKeys: true,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (r) => ({
                  disabled: r.assignment !== null,
                  "aria-label": `${m().columns.seq} ${r.seq}`,
                }),
                columnWidth: 48,
              }
            : undefined
        }
      />
      {dialog && (
        <AssignDialog
          mode={dialog}
          departments={departments.data ?? []}
          onDone={done}
          onCancel={() => setDialog(null)}
        />
      )}
      {importing && <ImportDialog reportId={id} onDone={done} onCancel={() => setImporting(false)} />}
    </Space>
  );
}
