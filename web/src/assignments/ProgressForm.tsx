import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Form, Input, InputNumber, Upload, type UploadFile } from "antd";
import { useState } from "react";
import { errorMessage, workApi } from "../api.js";
import { t } from "../messages.js";

interface Values {
  percent: number;
  text: string;
}

/** 填报进展: percent, what was done, and evidence files, sent as one multipart request. */
export function ProgressForm({
  assignmentId,
  initialPercent,
  onSubmitted,
}: {
  assignmentId: string;
  initialPercent: number | null;
  onSubmitted: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const { message } = App.useApp();
  const submit = useMutation({
    mutationFn: (v: Values) =>
      workApi.submitProgress(
        assignmentId,
        v,
        files.flatMap((f) => (f.originFileObj ? [f.originFileObj as File] : [])),
      ),
    onSuccess: () => {
      void message.success(t.progress.submitted);
      form.resetFields(["text"]);
      setFiles([]);
      onSubmitted();
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ percent: initialPercent ?? 0, text: "" }}
      onFinish={(v) => submit.mutate(v)}
      aria-label={t.progress.title}
      data-testid="progress-form"
    >
      {submit.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="form-alert"
          message={errorMessage(submit.error)}
        />
      )}
      <Form.Item label={t.progress.percent} name="percent" rules={[{ required: true }]}>
        <InputNumber min={0} max={100} precision={0} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item
        label={t.progress.text}
        name="text"
        rules={[{ required: true, whitespace: true, message: t.progress.textRequired }]}
      >
        <Input.TextArea rows={4} maxLength={10_000} showCount />
      </Form.Item>
      <Form.Item label={t.progress.files}>
        <Upload
          multiple
          fileList={files}
          beforeUpload={() => false}
          onChange={({ fileList }) => setFiles(fileList)}
        >
          <Button>{t.progress.chooseFiles}</Button>
        </Upload>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submit.isPending}>
        {t.progress.submit}
      </Button>
    </Form>
  );
}
