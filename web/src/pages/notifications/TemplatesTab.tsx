import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import type {
  NotificationTemplate,
  ReminderKind,
  TEMPLATE_VARIABLES,
} from "../../../../src/contract/api/notifications.js";
import { errorMessage, notifyApi } from "../../api.js";
import { useMe } from "../../auth.js";
import { t } from "../../messages.js";
import { useRegions } from "../admin/data.js";

const m = () => t.notify.settings;
const TEMPLATES_KEY = ["notification-templates"] as const;
const KINDS = Object.keys(t.notify.kinds) as ReminderKind[];
/** The server's placeholders (typed against its list; a value import would bring zod into the bundle). */
const VARIABLES: ReadonlyArray<(typeof TEMPLATE_VARIABLES)[number]> = [
  "任务",
  "部门",
  "地区",
  "期限",
  "签收期限",
  "报告期",
  "报告截止",
  "天数",
  "收件人",
  "链接",
];

interface TemplateForm {
  key: ReminderKind;
  regionId: string;
  subject: string;
  body: string;
}

/** Edits a template, or (with `base` a default and `create`) gives a region its own copy of it. */
function TemplateModal({
  template,
  create,
  onClose,
}: {
  template: NotificationTemplate;
  create: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<TemplateForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { options: regionOptions } = useRegions();
  const regionId = Form.useWatch("regionId", form);
  const save = useMutation({
    mutationFn: (v: TemplateForm) =>
      create
        ? notifyApi.createTemplate({ key: v.key, regionId: v.regionId, subject: v.subject, body: v.body })
        : notifyApi.updateTemplate(template.id, {
            version: template.version,
            subject: v.subject,
            body: v.body,
          }),
    onSuccess: () => {
      void message.success(m().saved);
      void qc.invalidateQueries({ queryKey: TEMPLATES_KEY });
      onClose();
    },
  });
  return (
    <Modal
      open
      width={640}
      title={create ? m().addOwn : m().editTemplate(t.notify.kinds[template.key])}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: create && !regionId }}
      destroyOnHidden
    >
      {save.isError && (
        <Alert type="error" showIcon className="form-alert" message={errorMessage(save.error)} />
      )}
      <Form<TemplateForm>
        form={form}
        layout="vertical"
        initialValues={{ key: template.key, subject: template.subject, body: template.body }}
        onFinish={(v) => save.mutate(v)}
      >
        {create && (
          <Space size="middle" wrap>
            <Form.Item label={m().template} name="key">
              <Select
                style={{ width: 180 }}
                options={KINDS.map((k) => ({ value: k, label: t.notify.kinds[k] }))}
              />
            </Form.Item>
            <Form.Item label={m().ownFor} name="regionId">
              <Select style={{ width: 220 }} showSearch optionFilterProp="label" options={regionOptions} />
            </Form.Item>
          </Space>
        )}
        <Form.Item
          label={m().subject}
          name="subject"
          rules={[{ required: true, whitespace: true, message: m().subjectRequired }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={m().body}
          name="body"
          rules={[{ required: true, whitespace: true, message: m().bodyRequired }]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} />
        </Form.Item>
        <Typography.Text type="secondary">
          {m().placeholders}：{VARIABLES.map((v) => `{{${v}}}`).join(" ")}
        </Typography.Text>
      </Form>
    </Modal>
  );
}

/** The wording of every reminder kind: the defaults (admins) and regions' own (supervisors of the region). */
export function TemplatesTab() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { names } = useRegions();
  const isAdmin = useMe().data?.user.role === "admin";
  const templates = useQuery({ queryKey: TEMPLATES_KEY, queryFn: notifyApi.templates });
  const [editing, setEditing] = useState<{ template: NotificationTemplate; create: boolean } | null>(null);
  const remove = useMutation({
    mutationFn: (tp: NotificationTemplate) => notifyApi.deleteTemplate(tp.id, tp.version),
    onSuccess: () => {
      void message.success(m().deleted);
      void qc.invalidateQueries({ queryKey: TEMPLATES_KEY });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const items = templates.data?.items ?? [];
  const firstDefault = items.find((x) => x.regionId === null);

  const columns: ColumnsType<NotificationTemplate> = [
    { title: m().template, dataIndex: "key", render: (k: ReminderKind) => t.notify.kinds[k] },
    {
      title: m().appliesTo,
      dataIndex: "regionId",
      render: (r: string | null) => (r ? <Tag color="geekblue">{names.get(r) ?? r}</Tag> : m().defaultScope),
    },
    { title: m().subject, dataIndex: "subject" },
    {
      title: m().body,
      dataIndex: "body",
      render: (b: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2 }} className="template-body">
          {b}
        </Typography.Paragraph>
      ),
    },
    {
      title: m().actions,
      key: "actions",
      render: (_v, tp) => (
        <Space size="small">
          {(tp.regionId !== null || isAdmin) && (
            <Button size="small" onClick={() => setEditing({ template: tp, create: false })}>
              {m().edit}
              <span className="sr-only"> {t.notify.kinds[tp.key]}</span>
            </Button>
          )}
          {tp.regionId !== null && (
            <Popconfirm
              title={m().removeOwn}
              okText={m().delete}
              cancelText={t.common.cancel}
              onConfirm={() => remove.mutate(tp)}
            >
              <Button size="small">{m().removeOwn}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" className="page">
      {firstDefault && (
        <Button onClick={() => setEditing({ template: firstDefault, create: true })}>{m().addOwn}</Button>
      )}
      {templates.isError && <Alert type="error" showIcon message={errorMessage(templates.error)} />}
      <Table<NotificationTemplate>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={templates.isPending}
        pagination={false}
        data-testid="templates-table"
      />
      {editing && (
        <TemplateModal template={editing.template} create={editing.create} onClose={() => setEditing(null)} />
      )}
    </Space>
  );
}
