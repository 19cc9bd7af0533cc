import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Modal, Select, Upload, type UploadFile } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import type { AssignmentDetail } from "../../../src/contract/api/assignments.js";
import { errorMessage, workApi } from "../api.js";
import { formatDeadline } from "../format.js";
import { t } from "../messages.js";

export interface Common {
  open: boolean;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
}

/** The server's error, or a message of the dialog's own (a string) when it knows better what went wrong. */
function ErrorLine({ error }: { error: unknown }) {
  return error ? (
    <Alert
      type="error"
      showIcon
      role="alert"
      className="form-alert"
      message={typeof error === "string" ? error : errorMessage(error)}
    />
  ) : null;
}

/** The frame every cycle dialog shares: confirm/cancel, the pending state and the server's error. */
export function CycleModal({
  title,
  onOk,
  children,
  ...c
}: Common & { title: string; onOk: () => void; children: ReactNode }) {
  return (
    <Modal
      open={c.open}
      title={title}
      okText={t.cycle.confirm}
      cancelText={t.common.cancel}
      confirmLoading={c.pending}
      onOk={onOk}
      onCancel={c.onCancel}
      destroyOnHidden
    >
      <ErrorLine error={c.error} />
      {children}
    </Modal>
  );
}

/** 申请办结: what was completed and the evidence. */
export function ClosureDialog({
  onSubmit,
  ...c
}: Common & { onSubmit: (text: string, files: File[]) => void }) {
  const [form] = Form.useForm<{ text: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  useEffect(() => {
    if (c.open) {
      form.resetFields();
      setFiles([]);
    }
  }, [c.open, form]);
  return (
    <CycleModal {...c} title={t.cycle.actions.requestClosure} onOk={() => form.submit()}>
      <Form
        name="cycle-closure"
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) =>
          onSubmit(
            v.text.trim(),
            files.flatMap((f) => (f.originFileObj ? [f.originFileObj as File] : [])),
          )
        }
      >
        <Form.Item
          name="text"
          label={t.cycle.closureText}
          rules={[{ required: true, whitespace: true, message: t.cycle.closureTextRequired }]}
        >
          <Input.TextArea rows={4} maxLength={10_000} showCount />
        </Form.Item>
        <Form.Item label={t.cycle.evidence}>
          <Upload
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button>{t.cycle.chooseFiles}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </CycleModal>
  );
}

/** 申请延期: a later deadline and why. */
export function ExtensionDialog({
  detail,
  onSubmit,
  ...c
}: Common & { detail: AssignmentDetail; onSubmit: (day: string, reason: string) => void }) {
  const [form] = Form.useForm<{ day: string; reason: string }>();
  useEffect(() => {
    if (c.open) form.resetFields();
  }, [c.open, form]);
  return (
    <CycleModal {...c} title={t.cycle.actions.requestExtension} onOk={() => form.submit()}>
      <p className="muted">
        {t.cycle.currentDeadline}：{formatDeadline(detail.deadline)}
      </p>
      <Form
        name="cycle-extension"
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => onSubmit(v.day, v.reason.trim())}
      >
        <Form.Item
          name="day"
          label={t.cycle.newDeadline}
          rules={[{ required: true, message: t.cycle.newDeadlineRequired }]}
        >
          <Input type="date" min={detail.deadline ?? undefined} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t.cycle.reason}
          rules={[{ required: true, whitespace: true, message: t.cycle.reasonRequired }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </CycleModal>
  );
}

/** 重新交办: another lead department of the task's region. */
export function ReassignDialog({
  detail,
  onSubmit,
  ...c
}: Common & { detail: AssignmentDetail; onSubmit: (departmentId: string, reason: string) => void }) {
  const [form] = Form.useForm<{ departmentId: string; reason?: string }>();
  const departments = useQuery({
    queryKey: ["departments", detail.regionId],
    queryFn: () => workApi.departments(detail.regionId),
    enabled: c.open,
  });
  useEffect(() => {
    if (c.open) form.resetFields();
  }, [c.open, form]);
  return (
    <CycleModal
      {...c}
      error={c.error ?? departments.error}
      title={t.cycle.actions.reassign}
      onOk={() => form.submit()}
    >
      <Form
        name="cycle-reassign"
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => onSubmit(v.departmentId, v.reason?.trim() ?? "")}
      >
        <Form.Item
          name="departmentId"
          label={t.cycle.newLead}
          rules={[{ required: true, message: t.cycle.newLeadRequired }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={departments.isPending}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t.cycle.optionalReason}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </CycleModal>
  );
}
