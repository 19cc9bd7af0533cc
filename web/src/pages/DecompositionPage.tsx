import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Input, Segmented, Space, Spin, Typography } from "antd";
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import type { DecompositionRow } from "../../../src/contract/api/decomposition.js";
import { errorMessage, workApi } from "../api.js";
import { useMe } from "../auth.js";
import { AssignDialog, type AssignMode } from "../decomposition/AssignDialog.js";
import { ImportDialog } from "../decomposition/ImportDialog.js";
import { TaskTable } from "../decomposition/TaskTable.js";
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
 * many, export the 分解表 and import an edited copy. The table body is virtual (`TaskTable`).
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
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [dialog, setDialog] = useState<AssignMode | null>(null);
  const [importing, setImporting] = useState(false);
  const height = useBodyHeight();

  const all = q.data?.rows;
  const rows = useMemo(() => (all ?? []).filter((r) => matches(r, filter, text)), [all, filter, text]);
  const assigned = useMemo(() => (all ?? []).filter((r) => r.assignment).length, [all]);

  const toggle = useCallback(
    (taskId: string, checked: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (checked) next.add(taskId);
        else next.delete(taskId);
        return next;
      }),
    [],
  );
  const toggleAll = useCallback(
    (checked: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        for (const r of rows) if (r.assignment === null) checked ? next.add(r.taskId) : next.delete(r.taskId);
        return next;
      }),
    [rows],
  );
  const assign = useCallback(
    (row: DecompositionRow) => setDialog({ kind: row.assignment ? "edit" : "create", row }),
    [],
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
  const selectedRows = d.rows.filter((r) => selected.has(r.taskId));
  const done = () => {
    setDialog(null);
    setImporting(false);
    setSelected(new Set());
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
      <TaskTable
        rows={rows}
        height={height}
        canAssign={canAssign}
        selected={selected}
        onToggle={toggle}
        onToggleAll={toggleAll}
        onAssign={assign}
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
