import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Typography } from "antd";
import { api, errorMessage } from "../api.js";
import { t } from "../messages.js";

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码: one's own password, with the current one. */
export function ChangePasswordPage() {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const change = useMutation({
    mutationFn: (v: Values) =>
      api.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: () => {
      form.resetFields();
      void message.success(t.password.done);
    },
  });

  return (
    <Card className="narrow-card">
      <Typography.Title level={1} className="page-title">
        {t.password.title}
      </Typography.Title>
      {change.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="form-alert"
          message={errorMessage(change.error)}
        />
      )}
      {change.isSuccess && (
        <Alert type="success" showIcon role="status" className="form-alert" message={t.password.done} />
      )}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)}>
        <Form.Item
          label={t.password.current}
          name="currentPassword"
          rules={[{ required: true, message: t.password.currentRequired }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t.password.next}
          name="newPassword"
          rules={[
            { required: true, message: t.password.nextRequired },
            { min: 8, message: t.password.tooShort },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t.password.confirm}
          name="confirm"
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: t.password.nextRequired },
            ({ getFieldValue }) => ({
              validator: (_r, value) =>
                !value || getFieldValue("newPassword") === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t.password.mismatch)),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t.password.submit}
        </Button>
      </Form>
    </Card>
  );
}
