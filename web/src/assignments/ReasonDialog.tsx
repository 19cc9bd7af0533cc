import { Alert, Form, Input, Modal } from "antd";
import { useEffect } from "react";
import { errorMessage } from "../api.js";
import { t } from "../messages.js";

/** A dialog asking for the reason of a refusal or return (required) or a note (optional). */
export function ReasonDialog({
  open,
  title,
  required,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  title: string;
  required: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={title}
      okText={t.cycle.confirm}
      cancelText={t.common.cancel}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      {error ? (
        <Alert type="error" showIcon role="alert" className="form-alert" message={errorMessage(error)} />
      ) : null}
      <Form
        name="cycle-reason"
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => onSubmit(v.reason?.trim() ?? "")}
      >
        <Form.Item
          name="reason"
          label={required ? t.cycle.reason : t.cycle.optionalReason}
          rules={required ? [{ required: true, whitespace: true, message: t.cycle.reasonRequired }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
