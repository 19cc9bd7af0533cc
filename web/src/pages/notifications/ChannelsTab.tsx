import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import type { ChannelKind, NotificationChannel } from "../../../../src/contract/api/notifications.js";
import { errorMessage, notifyApi } from "../../api.js";
import { useMe } from "../../auth.js";
import { t } from "../../messages.js";
import { useDepartments, useRegions } from "../admin/data.js";

const m = () => t.notify.settings;
export const CHANNELS_KEY = ["notification-channels"] as const;

interface ChannelForm {
  regionId?: string;
  departmentId?: string;
  name: string;
  kind: ChannelKind;
  target: string;
  secret?: string;
  enabled: boolean;
}

function ChannelModal({ channel, onClose }: { channel: NotificationChannel | null; onClose: () => void }) {
  const [form] = Form.useForm<ChannelForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { options: regionOptions } = useRegions();
  const regionId = Form.useWatch("regionId", form);
  const kind = Form.useWatch("kind", form) ?? channel?.kind;
  const departments = useDepartments(regionId, regionId !== undefined && channel === null);
  const isAdmin = useMe().data?.user.role === "admin";
  const save = useMutation({
    mutationFn: (v: ChannelForm) =>
      channel
        ? notifyApi.updateChannel(channel.id, {
            version: channel.version,
            name: v.name.trim(),
            target: v.target.trim(),
            enabled: v.enabled,
            ...(v.secret?.trim() ? { secret: v.secret.trim() } : {}),
          })
        : notifyApi.createChannel({
            regionId: v.regionId ?? null,
            departmentId: v.departmentId ?? null,
            name: v.name.trim(),
            kind: v.kind,
            target: v.target.trim(),
            secret: v.secret?.trim() || null,
            enabled: v.enabled,
          }),
    onSuccess: () => {
      void message.success(m().saved);
      void qc.invalidateQueries({ queryKey: CHANNELS_KEY });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={channel ? `${m().edit}：${channel.name}` : m().add}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: channel === null && !isAdmin && !regionId }}
      destroyOnHidden
    >
      {save.isError && (
        <Alert type="error" showIcon className="form-alert" message={errorMessage(save.error)} />
      )}
      <Form<ChannelForm>
        form={form}
        layout="vertical"
        initialValues={
          channel
            ? { name: channel.name, kind: channel.kind, target: channel.target, enabled: channel.enabled }
            : { kind: "dingtalk", enabled: true }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {!channel && (
          <>
            {/* No "required" rule here: AntD would put aria-required on the select's wrapper, which has no
                role to carry it; a supervisor's save stays disabled until a region is chosen instead. */}
            <Form.Item label={m().region} name="regionId">
              <Select
                allowClear={isAdmin}
                showSearch
                optionFilterProp="label"
                placeholder={isAdmin ? m().allRegions : undefined}
                options={regionOptions}
                onChange={() => form.setFieldValue("departmentId", undefined)}
              />
            </Form.Item>
            <Form.Item label={m().department} name="departmentId">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                disabled={!regionId}
                placeholder={m().allDepartments}
                loading={departments.isFetching}
                options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
            <Form.Item label={m().kind} name="kind">
              <Select
                options={(["dingtalk", "wecom", "email"] as const).map((k) => ({
                  value: k,
                  label: t.notify.channelKinds[k],
                }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          label={m().name}
          name="name"
          rules={[{ required: true, whitespace: true, message: m().nameRequired }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={m().target}
          name="target"
          extra={m().targetHelp}
          rules={[{ required: true, whitespace: true, message: m().targetRequired }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        {kind === "dingtalk" && (
          <Form.Item label={m().secret} name="secret" extra={m().secretHelp}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item label={m().enabled} name="enabled" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** E-mail boxes and group robots of the regions and departments the user manages. */
export function ChannelsTab() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { names } = useRegions();
  const departments = useDepartments(undefined);
  const deptNames = new Map((departments.data ?? []).map((d) => [d.id, d.name]));
  const channels = useQuery({ queryKey: CHANNELS_KEY, queryFn: notifyApi.channels });
  const [editing, setEditing] = useState<NotificationChannel | "new" | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: CHANNELS_KEY });
  const toggle = useMutation({
    mutationFn: (c: NotificationChannel) =>
      notifyApi.updateChannel(c.id, { version: c.version, enabled: !c.enabled }),
    onSuccess: refresh,
    onError: (err) => void message.error(errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (c: NotificationChannel) => notifyApi.deleteChannel(c.id, c.version),
    onSuccess: () => {
      void message.success(m().deleted);
      void refresh();
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const test = useMutation({
    mutationFn: (c: NotificationChannel) => notifyApi.testChannel(c.id),
    onSuccess: (r) =>
      r.ok
        ? void message.success(m().testOk)
        : void message.error(m().testFailed(r.error ?? String(r.responseCode))),
    onError: (err) => void message.error(errorMessage(err)),
  });

  const columns: ColumnsType<NotificationChannel> = [
    { title: m().name, dataIndex: "name" },
    { title: m().kind, dataIndex: "kind", render: (k: ChannelKind) => t.notify.channelKinds[k] },
    {
      title: m().scope,
      key: "scope",
      render: (_v, c) =>
        c.departmentId
          ? (deptNames.get(c.departmentId) ?? c.departmentId)
          : c.regionId
            ? (names.get(c.regionId) ?? c.regionId)
            : m().allRegions,
    },
    { title: m().target, dataIndex: "target", ellipsis: true },
    {
      title: m().secret,
      dataIndex: "hasSecret",
      render: (v: boolean) => (v ? <Tag color="#237804">{m().secretSet}</Tag> : <Tag>{m().secretNone}</Tag>),
    },
    {
      title: m().enabled,
      dataIndex: "enabled",
      render: (v: boolean, c) => (
        <Switch
          size="small"
          checked={v}
          aria-label={`${m().enabled} ${c.name}`}
          onChange={() => toggle.mutate(c)}
        />
      ),
    },
    {
      title: m().actions,
      key: "actions",
      render: (_v, c) => (
        <Space size="small">
          <Button
            size="small"
            onClick={() => test.mutate(c)}
            loading={test.isPending && test.variables?.id === c.id}
          >
            {m().test}
            <span className="sr-only"> {c.name}</span>
          </Button>
          <Button size="small" onClick={() => setEditing(c)}>
            {m().edit}
            <span className="sr-only"> {c.name}</span>
          </Button>
          <Popconfirm
            title={m().deleteConfirm(c.name)}
            okText={m().delete}
            cancelText={t.common.cancel}
            onConfirm={() => remove.mutate(c)}
          >
            <Button size="small">
              {m().delete}
              <span className="sr-only"> {c.name}</span>
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" className="page">
      <Button type="primary" onClick={() => setEditing("new")}>
        {m().add}
      </Button>
      {channels.isError && <Alert type="error" showIcon message={errorMessage(channels.error)} />}
      <Table<NotificationChannel>
        rowKey="id"
        columns={columns}
        dataSource={channels.data?.items ?? []}
        loading={channels.isPending}
        pagination={false}
        locale={{ emptyText: <span className="table-empty">{m().emptyChannels}</span> }}
        data-testid="channels-table"
      />
      {editing && (
        <ChannelModal channel={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Space>
  );
}
