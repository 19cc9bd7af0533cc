import { Alert, Button, Form, Input, InputNumber, Select, Space } from "antd";
import { useEffect } from "react";
import type { SupervisionRules } from "../../../../src/contract/api/supervision.js";
import { errorMessage } from "../../api.js";
import { t } from "../../messages.js";

const f = () => t.rulesPage.fields;

interface Values extends Omit<SupervisionRules, "remindBeforeDays" | "quietHours"> {
  effectiveFrom: string;
  remindBeforeDays: string;
  quietStart: string;
  quietEnd: string;
}

/** Today in Asia/Shanghai, where every rule's day is meant. */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** A new version of a region's rules, prefilled with those in force, from a day on (today or later). */
export function RulesForm({
  initial,
  pending,
  error,
  onSubmit,
}: {
  initial: SupervisionRules;
  pending: boolean;
  error: unknown;
  onSubmit: (effectiveFrom: string, rules: SupervisionRules) => void;
}) {
  const [form] = Form.useForm<Values>();
  const today = shanghaiToday();
  useEffect(() => {
    form.setFieldsValue({
      ...initial,
      effectiveFrom: today,
      remindBeforeDays: initial.remindBeforeDays.join(","),
      quietStart: initial.quietHours.start,
      quietEnd: initial.quietHours.end,
    });
  }, [initial, form, today]);
  const submit = (v: Values) =>
    onSubmit(v.effectiveFrom, {
      blueDays: v.blueDays,
      tolerance: v.tolerance,
      ackWorkingDays: v.ackWorkingDays,
      reportCycle: v.reportCycle,
      reportDay: v.reportDay,
      remindBeforeDays: v.remindBeforeDays
        .split(/[,，\s]+/)
        .filter(Boolean)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n >= 0),
      escalateAfterDays: v.escalateAfterDays,
      redListAfterDays: v.redListAfterDays,
      quietHours: { start: v.quietStart, end: v.quietEnd },
    });
  const int = (name: keyof Values, label: string, min: number, max: number) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <InputNumber min={min} max={max} precision={0} style={{ width: 160 }} />
    </Form.Item>
  );
  return (
    <Form<Values>
      name="rules"
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={submit}
      data-testid="rules-form"
    >
      {error ? (
        <Alert type="error" showIcon role="alert" className="form-alert" message={errorMessage(error)} />
      ) : null}
      <Form.Item
        name="effectiveFrom"
        label={t.rulesPage.effectiveFrom}
        rules={[{ required: true, message: t.rulesPage.effectiveFromRequired }]}
      >
        <Input type="date" min={today} style={{ width: 200 }} />
      </Form.Item>
      <Space wrap size="large" align="start">
        {int("blueDays", f().blueDays, 0, 365)}
        <Form.Item name="tolerance" label={f().tolerance} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} style={{ width: 160 }} />
        </Form.Item>
        {int("ackWorkingDays", f().ackWorkingDays, 0, 60)}
        {/* No `required` rule: AntD would put aria-required on the select's wrapper div (axe: critical). */}
        <Form.Item name="reportCycle" label={f().reportCycle}>
          <Select
            style={{ width: 160 }}
            options={(["monthly", "quarterly", "milestone"] as const).map((c) => ({
              value: c,
              label: t.cycle.reportCycle[c],
            }))}
          />
        </Form.Item>
        {int("reportDay", f().reportDay, 1, 28)}
        <Form.Item name="remindBeforeDays" label={f().remindBeforeDays}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        {int("escalateAfterDays", f().escalateAfterDays, 0, 365)}
        {int("redListAfterDays", f().redListAfterDays, 0, 365)}
        <Form.Item name="quietStart" label={f().quietStart} rules={[{ required: true }]}>
          <Input type="time" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="quietEnd" label={f().quietEnd} rules={[{ required: true }]}>
          <Input type="time" style={{ width: 140 }} />
        </Form.Item>
      </Space>
      <Button type="primary" htmlType="submit" loading={pending}>
        {t.rulesPage.add}
      </Button>
    </Form>
  );
}
