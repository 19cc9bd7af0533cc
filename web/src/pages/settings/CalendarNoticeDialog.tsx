import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Input, InputNumber, Modal, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import type { NoticeImport } from "../../../../src/contract/api/supervision.js";
import { cycleApi, errorMessage } from "../../api.js";
import { formatDate } from "../../format.js";
import { t } from "../../messages.js";

const m = () => t.calendarNotice;
type Change = NoticeImport["changes"][number];
type State = NonNullable<Change["after"]>;

const describeState = (s: State) => (s.kind === "holiday" ? m().setHoliday(s.name) : m().setWorkday);

function Preview({ r }: { r: NoticeImport }) {
  return (
    <section aria-live="polite" data-testid="notice-preview">
      <Space direction="vertical" size="small" style={{ width: "100%" }}>
        <strong>{m().parsed(r.year)}</strong>
        <Typography.Text type="secondary">
          {t.rulesPage.source}：{r.source}
        </Typography.Text>
        <div>
          {t.rulesPage.holidays}：
          <Space wrap size={4}>
            {r.holidays.map((h) => (
              <Tag key={h.from}>
                {h.name} {formatDate(h.from)}
                {h.to !== h.from ? `—${formatDate(h.to)}` : ""}
              </Tag>
            ))}
          </Space>
        </div>
        <div>
          {t.rulesPage.workdays}：
          {r.workdays.length > 0 ? r.workdays.map(formatDate).join("、") : t.common.none}
        </div>
        {r.changes.length === 0 ? (
          <Alert type="info" showIcon message={m().nothing} />
        ) : (
          <Table<Change>
            size="small"
            rowKey="day"
            dataSource={r.changes}
            pagination={r.changes.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            title={() => <strong>{m().changes(r.changes.length)}</strong>}
            data-testid="notice-changes"
            columns={[
              { title: m().day, dataIndex: "day", width: 160, render: (d: string) => formatDate(d) },
              {
                title: m().change,
                render: (_v, c) => (
                  <span>
                    {c.after ? describeState(c.after) : m().remove}
                    {c.before && (
                      <span className="muted">
                        {"　"}
                        {m().was(describeState(c.before))}
                      </span>
                    )}
                  </span>
                ),
              },
            ]}
          />
        )}
        {r.kept.length > 0 && (
          <div>
            {m().kept}：{r.kept.map((k) => `${formatDate(k.day)}${k.name ? `（${k.name}）` : ""}`).join("、")}
          </div>
        )}
      </Space>
    </section>
  );
}

/** 导入放假通知: paste the notice, preview what it says and what it changes, then import it in one go. */
export function CalendarNoticeDialog({
  onDone,
  onCancel,
}: {
  onDone: (year: number) => void;
  onCancel: () => void;
}) {
  const { message } = App.useApp();
  const [text, setText] = useState("");
  const [year, setYear] = useState<number | null>(null);
  const body = (dryRun: boolean) => ({ text, dryRun, ...(year ? { year } : {}) });
  const preview = useMutation({ mutationFn: () => cycleApi.importCalendarNotice(body(true)) });
  const apply = useMutation({
    mutationFn: () => cycleApi.importCalendarNotice(body(false)),
    onSuccess: (r) => {
      void message.success(m().applied(r.changes.length));
      onDone(r.year);
    },
  });
  // A preview stands for the text it was made from: editing the text asks for a new one.
  const edited = () => {
    preview.reset();
    apply.reset();
  };
  const error = preview.error ?? apply.error;

  return (
    <Modal
      open
      title={m().title}
      onCancel={onCancel}
      width={820}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onCancel}>{t.common.cancel}</Button>
          <Button loading={preview.isPending} disabled={!text.trim()} onClick={() => preview.mutate()}>
            {m().preview}
          </Button>
          <Button
            type="primary"
            disabled={!preview.data}
            loading={apply.isPending}
            onClick={() => apply.mutate()}
          >
            {m().apply}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Typography.Paragraph className="muted">{m().hint}</Typography.Paragraph>
        <label htmlFor="notice-text">{m().text}</label>
        <Input.TextArea
          id="notice-text"
          value={text}
          rows={10}
          maxLength={20_000}
          showCount
          placeholder={m().placeholder}
          onChange={(e) => {
            setText(e.target.value);
            edited();
          }}
        />
        <Space>
          <label htmlFor="notice-year">{m().year}</label>
          <InputNumber
            id="notice-year"
            min={2000}
            max={2100}
            precision={0}
            value={year}
            onChange={(v) => {
              setYear(v ?? null);
              edited();
            }}
          />
          <span className="muted">{m().yearHint}</span>
        </Space>
        {error && <Alert type="error" showIcon role="alert" message={errorMessage(error)} />}
        {preview.data && <Preview r={preview.data} />}
      </Space>
    </Modal>
  );
}
