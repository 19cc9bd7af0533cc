import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import type { CalendarDay, CalendarYear } from "../../../../src/contract/api/supervision.js";
import { cycleApi, errorMessage } from "../../api.js";
import { formatDate, formatDateTime } from "../../format.js";
import { t } from "../../messages.js";
import { CalendarNoticeDialog } from "./CalendarNoticeDialog.js";

const r = () => t.rulesPage;

/**
 * Runs of consecutive days of one holiday: 国庆节 2026年10月1日—2026年10月7日. An imported notice's own ranges
 * win: its days sit among the overrides only where they differ from the table.
 */
function holidayRuns(y: CalendarYear): { name: string; from: string; to: string }[] {
  if (y.imported) return y.imported.holidays;
  const runs: { name: string; from: string; to: string }[] = [];
  for (const h of y.holidays) {
    const last = runs.at(-1);
    if (last && last.name === h.name) last.to = h.day;
    else runs.push({ name: h.name, from: h.day, to: h.day });
  }
  return runs;
}

/** 工作日历: the State Council's days of a year and the local overrides an admin adds or removes. */
export function CalendarSettings() {
  const now = new Date().getFullYear();
  const [year, setYear] = useState(now);
  const [importing, setImporting] = useState(false);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ day: string; kind: CalendarDay["kind"]; name?: string }>();
  const q = useQuery({ queryKey: ["calendar", year], queryFn: () => cycleApi.calendar(year) });
  const done = () => {
    void qc.invalidateQueries({ queryKey: ["calendar"] });
    void message.success(t.cycle.done);
  };
  const add = useMutation({
    mutationFn: cycleApi.setCalendarDay,
    onSuccess: () => {
      form.resetFields();
      done();
    },
  });
  const remove = useMutation({ mutationFn: cycleApi.deleteCalendarDay, onSuccess: done });
  const y = q.data;
  return (
    <Card size="small" title={<h2 className="card-title">{r().calendar}</h2>} data-testid="calendar-settings">
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Space>
          <label htmlFor="calendar-year">{r().year}</label>
          <Select
            id="calendar-year"
            value={year}
            onChange={setYear}
            style={{ width: 120 }}
            options={[2024, 2025, 2026, 2027, now, now + 1, year]
              .filter((v, i, all) => all.indexOf(v) === i)
              .sort()
              .map((v) => ({ value: v, label: String(v) }))}
          />
          <Button onClick={() => setImporting(true)}>{t.calendarNotice.open}</Button>
        </Space>
        {importing && (
          <CalendarNoticeDialog
            onCancel={() => setImporting(false)}
            onDone={(imported) => {
              setImporting(false);
              setYear(imported);
              void qc.invalidateQueries({ queryKey: ["calendar"] });
            }}
          />
        )}
        {q.isError && <Alert type="error" showIcon message={errorMessage(q.error)} />}
        {y && (
          <>
            {y.source ? (
              <Typography.Text type="secondary">
                {r().source}：{y.source}
                {y.imported && t.calendarNotice.importedAt(formatDateTime(y.imported.importedAt))}
              </Typography.Text>
            ) : (
              <Alert type="warning" showIcon message={r().unconfirmed} />
            )}
            <div>
              <strong>{r().holidays}：</strong>
              <Space wrap>
                {holidayRuns(y).map((h) => (
                  <Tag key={h.from}>
                    {h.name} {formatDate(h.from)}
                    {h.to !== h.from ? `—${formatDate(h.to)}` : ""}
                  </Tag>
                ))}
              </Space>
            </div>
            <div>
              <strong>{r().workdays}：</strong>
              {(y.imported?.workdays ?? y.workdays).map(formatDate).join("、") || t.common.none}
            </div>
            <Table<CalendarDay>
              size="small"
              rowKey="day"
              pagination={false}
              dataSource={y.overrides}
              locale={{ emptyText: <span className="muted">{r().noOverrides}</span> }}
              title={() => <strong>{r().overrides}</strong>}
              columns={[
                { title: r().day, dataIndex: "day", render: (d: string) => formatDate(d) },
                {
                  title: r().kind,
                  dataIndex: "kind",
                  render: (k: CalendarDay["kind"]) => (k === "holiday" ? r().kindHoliday : r().kindWorkday),
                },
                { title: r().name, dataIndex: "name", render: (n: string | null) => n ?? t.common.none },
                {
                  title: t.assignment.actions,
                  render: (_v, d) => (
                    <Button size="small" loading={remove.isPending} onClick={() => remove.mutate(d.day)}>
                      {r().remove}
                    </Button>
                  ),
                },
              ]}
            />
          </>
        )}
        <Form
          name="calendar-override"
          form={form}
          layout="inline"
          requiredMark={false}
          initialValues={{ kind: "holiday" }}
          onFinish={(v) => add.mutate({ day: v.day, kind: v.kind, name: v.name?.trim() || null })}
          aria-label={r().addOverride}
        >
          <Form.Item name="day" label={r().day} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="kind" label={r().kind}>
            <Select
              style={{ width: 110 }}
              options={[
                { value: "holiday", label: r().kindHoliday },
                { value: "workday", label: r().kindWorkday },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={r().name}>
            <Input maxLength={100} />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending}>
            {r().addOverride}
          </Button>
        </Form>
        {(add.isError || remove.isError) && (
          <Alert type="error" showIcon role="alert" message={errorMessage(add.error ?? remove.error)} />
        )}
      </Space>
    </Card>
  );
}
