import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Row, Space, Spin, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import type {
  DashboardItem,
  DashboardSummary,
  DepartmentProgress,
} from "../../../src/contract/api/dashboard.js";
import { errorMessage, workApi } from "../api.js";
import { PercentBar, StatusTag, statusLabel } from "../assignments/StatusTag.js";
import { Chart } from "../dashboard/Chart.js";
import { formatDate, formatDeadline } from "../format.js";
import { t } from "../messages.js";
import "../work.css";

const m = () => t.dashboard;
const STATUS_COLOR: Record<string, string> = {
  unassigned: "#bfbfbf",
  assigned: "#1677ff",
  in_progress: "#13c2c2",
  done: "#52c41a",
  closed: "#8c8c8c",
};

function statusSlices(s: DashboardSummary) {
  return [
    { key: "unassigned", name: statusLabel("unassigned"), value: s.tasks.unassigned },
    ...s.byStatus.map((x) => ({ key: x.status, name: statusLabel(x.status), value: x.count })),
  ].filter((x) => x.value > 0);
}

function statusOption(s: DashboardSummary): EChartsCoreOption {
  return {
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        radius: ["40%", "70%"],
        label: { formatter: "{b}\n{c}" },
        data: statusSlices(s).map((x) => ({
          name: x.name,
          value: x.value,
          itemStyle: { color: STATUS_COLOR[x.key] ?? "#faad14" },
        })),
      },
    ],
  };
}

function departmentOption(s: DashboardSummary): EChartsCoreOption {
  const deps = [...s.byDepartment].reverse();
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: deps.map((d) => d.department.shortName ?? d.department.name) },
    series: [
      { name: m().series.done, type: "bar", stack: "n", color: "#52c41a", data: deps.map((d) => d.done) },
      {
        name: m().series.open,
        type: "bar",
        stack: "n",
        color: "#1677ff",
        data: deps.map((d) => d.assignments - d.done - d.overdue),
      },
      {
        name: m().series.overdue,
        type: "bar",
        stack: "n",
        color: "#ff4d4f",
        data: deps.map((d) => d.overdue),
      },
    ],
  };
}

function DueList({ items, empty, testId }: { items: DashboardItem[]; empty: string; testId: string }) {
  const columns: ColumnsType<DashboardItem> = [
    {
      title: m().listColumns.task,
      dataIndex: "taskText",
      render: (v: string, r) => (
        <Link to={`/assignments/${encodeURIComponent(r.assignmentId)}`} className="task-text">
          {v}
        </Link>
      ),
    },
    { title: m().listColumns.lead, width: 140, render: (_v, r) => r.leadDepartment.name },
    { title: m().listColumns.deadline, width: 130, render: (_v, r) => formatDeadline(r.deadline) },
    {
      title: m().listColumns.status,
      width: 130,
      render: (_v, r) => (
        <Space direction="vertical" size={2}>
          <StatusTag status={r.status} />
          {r.percent !== null && <span className="muted">{r.percent}%</span>}
        </Space>
      ),
    },
  ];
  return (
    <Table<DashboardItem>
      size="small"
      rowKey="assignmentId"
      columns={columns}
      dataSource={items}
      pagination={items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{ emptyText: <span className="muted">{empty}</span> }}
      data-testid={testId}
    />
  );
}

/** 督办看板: where the work stands — by status, by department, what is overdue and what falls due soon. */
export function DashboardPage() {
  const q = useQuery({ queryKey: ["dashboard"], queryFn: workApi.dashboard });
  const [department, setDepartment] = useState<string | null>(null);
  const s = q.data;
  const statusChart = useMemo(() => (s ? statusOption(s) : null), [s]);
  const departmentChart = useMemo(() => (s ? departmentOption(s) : null), [s]);

  if (q.isPending)
    return (
      <div className="center-page">
        <Spin tip={t.common.loading}>
          <div style={{ width: 120, height: 60 }} />
        </Spin>
      </div>
    );
  if (q.isError || !s || !statusChart || !departmentChart)
    return (
      <Alert
        type="error"
        showIcon
        message={errorMessage(q.error)}
        action={<Button onClick={() => void q.refetch()}>{t.common.retry}</Button>}
      />
    );

  const only = (items: DashboardItem[]) =>
    department ? items.filter((i) => i.leadDepartment.id === department) : items;
  const departmentName = s.byDepartment.find((d) => d.department.id === department)?.department.name;
  const cards: [string, number | string, string?][] = [
    [m().cards.tasks, s.tasks.total],
    [m().cards.unassigned, s.tasks.unassigned],
    [m().cards.assignments, s.totals.assignments],
    [m().cards.done, s.totals.done],
    [m().cards.overdue, s.totals.overdue, "#cf1322"],
    [m().cards.dueSoon(s.dueSoonDays), s.totals.dueSoon, "#ad6800"],
    [m().cards.average, `${s.totals.averagePercent}%`],
  ];
  const depColumns: ColumnsType<DepartmentProgress> = [
    {
      title: m().columns.department,
      render: (_v, d) => (
        <Button type="link" className="table-link-button" onClick={() => setDepartment(d.department.id)}>
          {d.department.name}
        </Button>
      ),
    },
    { title: m().columns.assignments, dataIndex: "assignments", align: "right", width: 100 },
    { title: m().columns.done, dataIndex: "done", align: "right", width: 90 },
    {
      title: m().columns.overdue,
      dataIndex: "overdue",
      align: "right",
      width: 90,
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
    {
      title: m().columns.average,
      width: 200,
      render: (_v, d) => <PercentBar percent={Math.round(d.averagePercent)} label={m().columns.average} />,
    },
  ];

  return (
    <Space direction="vertical" size="large" className="page" data-testid="dashboard-page">
      <header>
        <Typography.Title level={1} className="page-title">
          {m().title}
        </Typography.Title>
        <span className="muted">{m().asOf(formatDate(s.asOf))}</span>
      </header>
      <Row gutter={[16, 16]} data-testid="dashboard-cards">
        {cards.map(([title, value, color]) => (
          <Col key={title} xs={12} sm={8} lg={6} xl={3}>
            <Card size="small">
              <Statistic title={title} value={value} valueStyle={color ? { color } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={<h2 className="card-title">{m().byStatus}</h2>}>
            <Chart
              option={statusChart}
              testId="status-chart"
              label={m().chartLabel(
                m().byStatus,
                statusSlices(s)
                  .map((x) => `${x.name} ${x.value}`)
                  .join("，"),
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={<h2 className="card-title">{m().byDepartment}</h2>}>
            <Chart
              option={departmentChart}
              testId="department-chart"
              height={Math.max(300, s.byDepartment.length * 36 + 80)}
              onClick={(e) => {
                const d = [...s.byDepartment].reverse()[e.dataIndex];
                if (d) setDepartment(d.department.id);
              }}
              label={m().chartLabel(
                m().byDepartment,
                s.byDepartment
                  .map((d) => `${d.department.name} ${d.assignments}（${m().series.overdue} ${d.overdue}）`)
                  .join("，"),
              )}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={<h2 className="card-title">{m().departmentTable}</h2>}>
        <Table<DepartmentProgress>
          size="small"
          rowKey={(d) => d.department.id}
          columns={depColumns}
          dataSource={s.byDepartment}
          pagination={false}
          data-testid="department-table"
        />
      </Card>
      {department && (
        <Tag closable onClose={() => setDepartment(null)} color="geekblue" data-testid="department-filter">
          {departmentName}
        </Tag>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={<h2 className="card-title">{m().overdueList}</h2>}>
            <DueList items={only(s.overdue)} empty={m().noOverdue} testId="overdue-list" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<h2 className="card-title">{m().dueSoonList(s.dueSoonDays)}</h2>}>
            <DueList items={only(s.dueSoon)} empty={m().noDueSoon} testId="due-soon-list" />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
