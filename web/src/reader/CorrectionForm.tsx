import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input, InputNumber, Select, Space, Switch, Typography } from "antd";
import type { CorrectionChanges, FactWithCorrections } from "../../../src/contract/api/facts.js";
import type { Comparator, FactKind } from "../../../src/contract/extraction.js";
import { ApiError, api, errorMessage } from "../api.js";
import { t } from "../messages.js";

interface Values {
  kind: FactKind;
  indicator: string;
  value: number | null;
  unit: string;
  comparator: Comparator;
  reason: string;
  notAFact: boolean;
}

const COMPARATORS = Object.keys(t.comparators) as Comparator[];

/** 更正: changes to a fact with a reason, sent with the version read; a stale version is a 409. */
export function CorrectionForm({
  fact,
  onDone,
  onCancel,
  onRefresh,
}: {
  fact: FactWithCorrections;
  onDone: () => void;
  onCancel: () => void;
  onRefresh: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const cur = fact.current;
  const notAFact = Form.useWatch("notAFact", form) ?? fact.notAFact;
  const correct = useMutation({
    mutationFn: (v: Values) => {
      const changes: CorrectionChanges = {};
      if (!v.notAFact) {
        if (v.kind !== cur.kind) changes.kind = v.kind;
        const indicator = v.indicator.trim() || null;
        if (indicator !== cur.indicator) changes.indicator = indicator;
        if (v.value !== null && v.value !== cur.value) changes.value = v.value;
        if (v.unit.trim() !== cur.unit) changes.unit = v.unit.trim();
        if (v.comparator !== cur.comparator) changes.comparator = v.comparator;
      }
      const flag = v.notAFact !== fact.notAFact ? { notAFact: v.notAFact } : {};
      if (Object.keys(changes).length === 0 && !("notAFact" in flag))
        return Promise.reject(new ApiError(400, "NOTHING_CHANGED", t.correction.nothingChanged));
      return api.correctFact(fact.id, {
        version: fact.version,
        reason: v.reason.trim(),
        ...(Object.keys(changes).length > 0 ? { changes } : {}),
        ...flag,
      });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["report", fact.reportId] });
      onDone();
    },
  });
  const conflict = correct.error instanceof ApiError && correct.error.status === 409;

  return (
    <div className="correction-form" data-testid="correction-form">
      <Typography.Title level={3} className="card-subtitle">
        {t.correction.title}
      </Typography.Title>
      {correct.isError &&
        (conflict ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            className="form-alert"
            message={t.correction.conflict}
            action={
              <Button size="small" onClick={onRefresh}>
                {t.common.refresh}
              </Button>
            }
          />
        ) : (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="form-alert"
            message={errorMessage(correct.error)}
          />
        ))}
      <Form<Values>
        form={form}
        layout="vertical"
        size="small"
        initialValues={{
          kind: cur.kind,
          indicator: cur.indicator ?? "",
          value: cur.value,
          unit: cur.unit,
          comparator: cur.comparator,
          reason: "",
          notAFact: fact.notAFact,
        }}
        onFinish={(v) => correct.mutate(v)}
      >
        <Form.Item
          label={t.correction.notAFact}
          name="notAFact"
          valuePropName="checked"
          extra={t.correction.notAFactHelp}
        >
          <Switch />
        </Form.Item>
        <Form.Item label={t.correction.kind} name="kind">
          <Select
            disabled={notAFact}
            options={(["actual", "target"] as const).map((k) => ({ value: k, label: t.kinds[k] }))}
          />
        </Form.Item>
        <Form.Item label={t.correction.indicator} name="indicator">
          <Input disabled={notAFact} maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            label={t.correction.value}
            name="value"
            rules={[{ required: !notAFact, message: t.correction.valueRequired }]}
            className="grow"
          >
            <InputNumber disabled={notAFact} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item
            label={t.correction.unit}
            name="unit"
            rules={[{ required: !notAFact, whitespace: true, message: t.correction.unitRequired }]}
            className="grow"
          >
            <Input disabled={notAFact} maxLength={50} />
          </Form.Item>
        </Space.Compact>
        <Form.Item label={t.correction.comparator} name="comparator">
          <Select
            disabled={notAFact}
            options={COMPARATORS.map((c) => ({ value: c, label: `${t.comparators[c]}（${c}）` }))}
          />
        </Form.Item>
        <Form.Item
          label={t.correction.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t.correction.reasonRequired }]}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={correct.isPending}>
            {t.correction.submit}
          </Button>
          <Button onClick={onCancel}>{t.common.cancel}</Button>
        </Space>
      </Form>
    </div>
  );
}
