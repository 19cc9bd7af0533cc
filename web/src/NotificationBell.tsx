import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Badge, Button, Empty, List, Popover, Space, Switch, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { Notification } from "../../src/contract/api/notifications.js";
import { errorMessage, notifyApi } from "./api.js";
import { formatDateTime } from "./format.js";
import { t } from "./messages.js";

export const NOTIFY_KEY = ["notifications"] as const;

/** A bell drawn inline (the icon package is not a dependency of the app). */
function BellIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
      className="notify-bell-icon"
    >
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}
const m = () => t.notify;

function NotificationList({ onNavigate }: { onNavigate: () => void }) {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: [...NOTIFY_KEY, "list", unreadOnly],
    queryFn: () => notifyApi.notifications({ unread: unreadOnly, limit: 20 }),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: NOTIFY_KEY });
  const read = useMutation({ mutationFn: notifyApi.markRead, onSuccess: refresh });
  const readAll = useMutation({ mutationFn: notifyApi.markAllRead, onSuccess: refresh });

  const open = (n: Notification) => {
    if (!n.readAt) read.mutate(n.id);
    if (n.link) {
      onNavigate();
      navigate(n.link);
    }
  };

  return (
    <div className="notify-panel" data-testid="notification-panel">
      <Space className="notify-panel-head" align="center">
        <Typography.Title level={2} className="notify-panel-title">
          {m().title}
        </Typography.Title>
        <Space size="small" className="notify-unread-toggle">
          <Switch id="notify-unread-only" size="small" checked={unreadOnly} onChange={setUnreadOnly} />
          <label htmlFor="notify-unread-only">{m().unreadOnly}</label>
        </Space>
        <Button size="small" onClick={() => readAll.mutate()} loading={readAll.isPending}>
          {m().markAll}
        </Button>
      </Space>
      {list.isError && <Alert type="error" showIcon message={errorMessage(list.error)} />}
      <List<Notification>
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m().empty} /> }}
        renderItem={(n) => (
          <List.Item
            className={n.readAt ? "notify-item" : "notify-item notify-item-unread"}
            actions={[
              ...(n.link
                ? [
                    <Button key="open" type="link" size="small" onClick={() => open(n)}>
                      {m().viewTask}
                    </Button>,
                  ]
                : []),
              ...(n.readAt
                ? []
                : [
                    <Button key="read" type="link" size="small" onClick={() => read.mutate(n.id)}>
                      {m().markRead}
                    </Button>,
                  ]),
            ]}
          >
            <List.Item.Meta
              title={n.title}
              description={
                <>
                  <Typography.Paragraph ellipsis={{ rows: 3 }} className="notify-body">
                    {n.body}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </div>
  );
}

/** The bell in the header: the unread count (checked every minute) and, on click, the latest messages. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const count = useQuery({
    queryKey: [...NOTIFY_KEY, "count"],
    queryFn: notifyApi.unreadCount,
    refetchInterval: 60_000,
  });
  const unread = count.data?.unread ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      destroyOnHidden
      content={<NotificationList onNavigate={() => setOpen(false)} />}
    >
      <Button
        type="text"
        className="notify-bell"
        aria-label={m().bellLabel(unread)}
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="notification-bell"
      >
        <Badge count={unread} size="small" overflowCount={99}>
          <BellIcon />
        </Badge>
      </Button>
    </Popover>
  );
}
