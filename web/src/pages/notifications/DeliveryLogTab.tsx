import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Segmented, Space, Switch, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { Link } from "react-router";
import type {
  Delivery,
  DeliveryChannel,
  Reminder,
  ReminderKind,
  ReminderStatus,
} from "../../../../src/contract/api/notifications.js";
import { errorMessage, notifyApi } from "../../api.js";
import { formatDateTime } from "../../format.js";
import { t } from "../../messages.js";

const m = () => t.notify.settings;
const LOG_KEY = ["delivery-log"] as const;

function LoadMore({
  q,
}: {
  q: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!q.hasNextPage) return null;
  return (
    <Button onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>
      {t.common.loadMore}
    </Button>
  );
}

function Attempts() {
  const [failedOnly, setFailedOnly] = useState(false);
  const q = useInfiniteQuery({
    queryKey: [...LOG_KEY, "deliveries", failedOnly],
    queryFn: ({ pageParam }) => notifyApi.deliveries({ failedOnly, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const columns: ColumnsType<Delivery> = [
    { title: m().at, dataIndex: "at", render: (v: string) => formatDateTime(v) },
    { title: m().kind, dataIndex: "kind", render: (k: ReminderKind) => t.notify.kinds[k] },
    { title: m().channel, dataIndex: "channel", render: (c: DeliveryChannel) => t.notify.channelKinds[c] },
    {
      title: m().target,
      dataIndex: "target",
      ellipsis: true,
      render: (v: string | null) => v ?? t.common.none,
    },
    {
      title: m().result,
      dataIndex: "ok",
      render: (ok: boolean) =>
        ok ? <Tag color="#237804">{m().ok}</Tag> : <Tag color="#a8071a">{m().failed}</Tag>,
    },
    { title: m().responseCode, dataIndex: "responseCode", render: (v: number | null) => v ?? t.common.none },
    { title: m().error, dataIndex: "error", ellipsis: true, render: (v: string | null) => v ?? "" },
  ];
  return (
    <Space direction="vertical" size="middle" className="page">
      <Space size="small">
        <Switch id="deliveries-failed-only" size="small" checked={failedOnly} onChange={setFailedOnly} />
        <label htmlFor="deliveries-failed-only">{m().onlyFailed}</label>
      </Space>
      {q.isError && <Alert type="error" showIcon message={errorMessage(q.error)} />}
      <Table<Delivery>
        rowKey="id"
        columns={columns}
        dataSource={q.data?.pages.flatMap((p) => p.items) ?? []}
        loading={q.isPending}
        pagination={false}
        locale={{ emptyText: <span className="table-empty">{m().emptyLog}</span> }}
        data-testid="deliveries-table"
      />
      <LoadMore q={q} />
    </Space>
  );
}

function Outbox() {
  const [status, setStatus] = useState<ReminderStatus | "all">("dead");
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useInfiniteQuery({
    queryKey: [...LOG_KEY, "reminders", status],
    queryFn: ({ pageParam }) =>
      notifyApi.reminders({ ...(status === "all" ? {} : { status }), cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const retry = useMutation({
    mutationFn: notifyApi.retryReminder,
    onSuccess: () => {
      void message.success(m().retried);
      void qc.invalidateQueries({ queryKey: LOG_KEY });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const columns: ColumnsType<Reminder> = [
    { title: m().kind, dataIndex: "kind", render: (k: ReminderKind) => t.notify.kinds[k] },
    {
      title: m().task,
      dataIndex: "taskText",
      ellipsis: true,
      render: (v: string, r) => <Link to={`/assignments/${encodeURIComponent(r.assignmentId)}`}>{v}</Link>,
    },
    {
      title: m().recipient,
      key: "recipient",
      render: (_v, r) => r.recipientName ?? r.target ?? t.common.none,
    },
    { title: m().channel, dataIndex: "channel", render: (c: DeliveryChannel) => t.notify.channelKinds[c] },
    {
      title: m().status,
      dataIndex: "status",
      render: (s: ReminderStatus) => (
        <Tag color={s === "sent" ? "#237804" : s === "dead" ? "#a8071a" : "#ad4e00"}>
          {t.notify.statuses[s]}
        </Tag>
      ),
    },
    { title: m().attempts, dataIndex: "attempts" },
    { title: m().error, dataIndex: "lastError", ellipsis: true, render: (v: string | null) => v ?? "" },
    {
      title: m().actions,
      key: "actions",
      render: (_v, r) =>
        r.status === "dead" ? (
          <Button size="small" onClick={() => retry.mutate(r.id)}>
            {m().retry}
          </Button>
        ) : null,
    },
  ];
  return (
    <Space direction="vertical" size="middle" className="page">
      <Segmented<ReminderStatus | "all">
        value={status}
        onChange={setStatus}
        options={[
          { value: "dead", label: t.notify.statuses.dead },
          { value: "pending", label: t.notify.statuses.pending },
          { value: "sent", label: t.notify.statuses.sent },
          { value: "all", label: m().all },
        ]}
      />
      {q.isError && <Alert type="error" showIcon message={errorMessage(q.error)} />}
      <Table<Reminder>
        rowKey="id"
        columns={columns}
        dataSource={q.data?.pages.flatMap((p) => p.items) ?? []}
        loading={q.isPending}
        pagination={false}
        locale={{ emptyText: <span className="table-empty">{m().emptyLog}</span> }}
        data-testid="reminders-table"
      />
      <LoadMore q={q} />
    </Space>
  );
}

/** What was sent, when, how it went; and the queue, with the reminders given up on. */
export function DeliveryLogTab() {
  const [view, setView] = useState<"log" | "outbox">("log");
  return (
    <Space direction="vertical" size="middle" className="page">
      <Segmented<"log" | "outbox">
        value={view}
        onChange={setView}
        options={[
          { value: "log", label: m().log },
          { value: "outbox", label: m().outbox },
        ]}
      />
      {view === "log" ? <Attempts /> : <Outbox />}
    </Space>
  );
}
