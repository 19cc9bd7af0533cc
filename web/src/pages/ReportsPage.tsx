import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, List, Progress, Space, Table, Tag, Typography, Upload } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { Link } from "react-router";
import type { ReportSummary, UploadResult } from "../../../src/contract/api/reports.js";
import { api, errorMessage, uploadReport } from "../api.js";
import { useMe } from "../auth.js";
import { formatDateTime, formatYear } from "../format.js";
import { t } from "../messages.js";

const PAGE = 20;
const REPORTS_KEY = ["reports"] as const;

interface UploadItem {
  uid: string;
  name: string;
  percent: number;
  state: "uploading" | "done" | "error";
  result?: UploadResult;
  error?: string;
}

const STATUS_COLOR: Record<UploadResult["status"], string> = {
  new: "green",
  unchanged: "default",
  reextracted: "blue",
  restored: "blue",
  failed: "red",
};

function UploadRow({ item }: { item: UploadItem }) {
  const r = item.result;
  let status: React.ReactNode;
  if (item.state === "uploading") {
    status = (
      <Progress
        percent={item.percent}
        size="small"
        status="active"
        aria-label={`${item.name} ${t.reports.status.uploading}`}
      />
    );
  } else if (item.state === "error" || r?.status === "failed") {
    status = (
      <Space wrap>
        <Tag color="red">{t.reports.status.failed}</Tag>
        <Typography.Text type="danger">{item.error ?? r?.error?.messageZh ?? t.common.error}</Typography.Text>
      </Space>
    );
  } else if (r) {
    status = (
      <Space wrap>
        <Tag color={STATUS_COLOR[r.status]}>{t.reports.status[r.status]}</Tag>
        <span>{t.reports.counts(r.facts, r.tasks)}</span>
        {r.reportId && <Link to={`/reports/${encodeURIComponent(r.reportId)}`}>{t.reports.open}</Link>}
      </Space>
    );
  }
  return (
    <List.Item data-testid="upload-result" data-status={r?.status ?? item.state}>
      <div className="upload-row">
        <Typography.Text strong className="upload-name">
          {item.name}
        </Typography.Text>
        <div className="upload-status">{status}</div>
      </div>
    </List.Item>
  );
}

function Uploader() {
  const [items, setItems] = useState<UploadItem[]>([]);
  const qc = useQueryClient();
  const update = (uid: string, patch: Partial<UploadItem>) =>
    setItems((list) => list.map((i) => (i.uid === uid ? { ...i, ...patch } : i)));

  return (
    <Card className="upload-card" title={<h2 className="card-title">{t.reports.uploadTitle}</h2>}>
      <Upload.Dragger
        multiple
        showUploadList={false}
        accept=".txt,.htm,.html,.docx,.pdf,text/plain,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        customRequest={(options) => {
          const file = options.file as File & { uid: string };
          const uid = file.uid ?? `${file.name}-${Date.now()}`;
          setItems((list) => [{ uid, name: file.name, percent: 0, state: "uploading" }, ...list]);
          uploadReport(file, (percent) => update(uid, { percent }))
            .then((result) => {
              update(uid, { state: "done", percent: 100, result });
              options.onSuccess?.(result);
              void qc.invalidateQueries({ queryKey: REPORTS_KEY });
            })
            .catch((err: unknown) => {
              update(uid, { state: "error", error: errorMessage(err) });
              options.onError?.(err as Error);
            });
        }}
      >
        <p className="upload-drop-text">{t.reports.dropHint}</p>
        <p className="upload-drop-hint">{t.reports.dropFormats}</p>
      </Upload.Dragger>
      {items.length > 0 && (
        <section aria-label={t.reports.uploadResults} aria-live="polite">
          <List
            className="upload-results"
            header={<strong>{t.reports.uploadResults}</strong>}
            dataSource={items}
            rowKey="uid"
            renderItem={(item) => <UploadRow item={item} />}
          />
        </section>
      )}
    </Card>
  );
}

/** 报告: every report the user may see, newest first, with upload for those who may add reports. */
export function ReportsPage() {
  const role = useMe().data?.user.role;
  const canUpload = role === "admin" || role === "supervisor";
  const reports = useInfiniteQuery({
    queryKey: REPORTS_KEY,
    queryFn: ({ pageParam }) => api.reports({ limit: PAGE, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = reports.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<ReportSummary> = [
    {
      title: t.reports.columns.title,
      dataIndex: "title",
      render: (_v, r) => (
        <Link to={`/reports/${encodeURIComponent(r.id)}`}>
          {r.title || `${t.reports.untitled} ${r.sourcePath}`}
        </Link>
      ),
    },
    {
      title: t.reports.columns.region,
      dataIndex: "regionName",
      render: (v: string | null) => v ?? t.common.none,
    },
    {
      title: t.reports.columns.planYear,
      dataIndex: "planYear",
      render: (v: number | null) => formatYear(v),
    },
    { title: t.reports.columns.facts, dataIndex: "factCount", align: "right" },
    {
      title: t.reports.columns.tasks,
      dataIndex: "taskCount",
      align: "right",
      render: (v: number, r) =>
        role && role !== "department" && v > 0 ? (
          <Link to={`/reports/${encodeURIComponent(r.id)}/tasks`} aria-label={`${t.decompose.open} ${v}`}>
            {v}
          </Link>
        ) : (
          v
        ),
    },
    { title: t.reports.columns.createdAt, dataIndex: "createdAt", render: (v: string) => formatDateTime(v) },
  ];

  return (
    <Space direction="vertical" size="large" className="page">
      <Typography.Title level={1} className="page-title">
        {t.reports.title}
      </Typography.Title>
      {canUpload && <Uploader />}
      {reports.isError && (
        <Alert
          type="error"
          showIcon
          message={errorMessage(reports.error)}
          action={<Button onClick={() => void reports.refetch()}>{t.common.retry}</Button>}
        />
      )}
      <Table<ReportSummary>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={reports.isPending}
        pagination={false}
        locale={{ emptyText: t.reports.empty }}
        data-testid="reports-table"
      />
      <div className="load-more">
        <span className="muted">{t.reports.count(rows.length)}</span>
        {reports.hasNextPage ? (
          <Button onClick={() => void reports.fetchNextPage()} loading={reports.isFetchingNextPage}>
            {t.common.loadMore}
          </Button>
        ) : (
          rows.length > 0 && <span className="muted">{t.common.noMore}</span>
        )}
      </div>
    </Space>
  );
}
