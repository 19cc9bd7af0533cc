import { Alert, Button, Col, Form, InputNumber, Row } from "antd";
import { useEffect } from "react";
import type { Rubric } from "../../../src/contract/api/scoring.js";
import { errorMessage } from "../api.js";
import { t } from "../messages.js";

const f = () => t.scoring.fields;

/** The rubric's numbers as a form, prefilled with the rubric in force; read-only for those who may not save. */
export function RubricForm({
  initial,
  readOnly,
  pending,
  error,
  onSubmit,
}: {
  initial: Rubric;
  readOnly: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (rubric: Rubric) => void;
}) {
  const [form] = Form.useForm<Rubric>();
  useEffect(() => form.setFieldsValue(initial), [initial, form]);
  const field = (name: string | string[], label: string, min: number, max: number, step = 1) => (
    <Col xs={24} sm={12} lg={8}>
      <Form.Item name={name} label={label} rules={[{ required: true }]}>
        <InputNumber min={min} max={max} step={step} style={{ width: 160 }} disabled={readOnly} />
      </Form.Item>
    </Col>
  );
  return (
    <Form<Rubric>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => onSubmit({ ...initial, ...v })}
      data-testid="rubric-form"
    >
      {error ? (
        <Alert type="error" showIcon role="alert" className="form-alert" message={errorMessage(error)} />
      ) : null}
      <Row gutter={16}>
        {field("baseScore", f().baseScore, 0, 1000)}
        {field("closedOnTime", f().closedOnTime, 0, 100, 0.5)}
        {field(["closedEarly", "points"], f().closedEarlyPoints, 0, 100, 0.5)}
        {field(["closedEarly", "minDays"], f().closedEarlyDays, 1, 365)}
        {field(["late", "perItem"], f().latePerItem, 0, 100, 0.5)}
        {field(["late", "perDay"], f().latePerDay, 0, 100, 0.1)}
        {field(["late", "cap"], f().lateCap, 0, 1000)}
        {field("returnedProgress", f().returnedProgress, 0, 100, 0.5)}
        {field("extensionApproved", f().extensionApproved, 0, 100, 0.5)}
        {field("notSignedOff", f().notSignedOff, 0, 100, 0.5)}
        {field(["quality", "excellent"], f().qualityExcellent, -100, 100, 0.5)}
        {field(["quality", "good"], f().qualityGood, -100, 100, 0.5)}
        {field(["quality", "fair"], f().qualityFair, -100, 100, 0.5)}
        {field(["quality", "poor"], f().qualityPoor, -100, 100, 0.5)}
        {field("coDepartmentShare", f().coDepartmentShare, 0, 1, 0.1)}
      </Row>
      {!readOnly && (
        <Button type="primary" htmlType="submit" loading={pending}>
          {t.scoring.saveRubric}
        </Button>
      )}
    </Form>
  );
}
