import { Button, Card, Descriptions, List, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import type { FactValues, FactWithCorrections } from "../../../src/contract/api/facts.js";
import { formatComparedValue, formatDateTime, formatNumber, formatPeriod } from "../format.js";
import { t } from "../messages.js";
import { CorrectionForm } from "./CorrectionForm.js";

type Row = { key: string; field: string; original: string; current: string; changed: boolean };

const FIELDS = ["kind", "indicator", "value", "unit", "comparator", "period"] as const;

function show(field: (typeof FIELDS)[number], v: FactValues): string {
  switch (field) {
    case "kind":
      return t.kinds[v.kind];
    case "indicator":
      return v.indicator ?? t.common.none;
    case "value":
      return v.valueMax != null
        ? `${formatNumber(v.value)}—${formatNumber(v.valueMax)}`
        : formatNumber(v.value);
    case "unit":
      return v.unit;
    case "comparator":
      return t.comparators[v.comparator];
    case "period":
      return formatPeriod(v.period);
  }
}

/** The kind as a tag with its marker, so it reads without colour too. */
export function KindTag({ kind }: { kind: FactValues["kind"] }) {
  return (
    <Tag className={`kind-tag kind-tag-${kind}`}>
      <span className={`legend-swatch fact-${kind}`} aria-hidden="true">
        {kind === "actual" ? t.reader.actualMark : t.reader.targetMark}
      </span>{" "}
      {t.kinds[kind]}
    </Tag>
  );
}

/** One fact: what it says now, what the extractor said, its corrections, and the 更正 form. */
export function FactPanel({
  fact,
  sectionHeading,
  canCorrect,
  onClose,
  onRefresh,
}: {
  fact: FactWithCorrections;
  sectionHeading: string | null;
  canCorrect: boolean;
  onClose: () => void;
  onRefresh: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const cur = fact.current;
  const rows: Row[] = FIELDS.map((f) => {
    const original = show(f, fact.extracted);
    const current = show(f, cur);
    return { key: f, field: t.reader.fields[f], original, current, changed: original !== current };
  });
  rows.push({
    key: "notAFact",
    field: t.reader.notAFact,
    original: t.reader.no,
    current: fact.notAFact ? t.reader.yes : t.reader.no,
    changed: fact.notAFact,
  });

  return (
    <Card
      className="fact-panel"
      data-testid="fact-panel"
      title={<h2 className="card-title">{t.reader.fact}</h2>}
      extra={
        <Button size="small" onClick={onClose}>
          {t.reader.close}
        </Button>
      }
    >
      <Space wrap className="fact-panel-tags">
        <KindTag kind={cur.kind} />
        {fact.corrected && <Tag color="purple">{t.reader.corrected}</Tag>}
        {fact.notAFact && <Tag color="default">{t.reader.notAFact}</Tag>}
      </Space>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: "indicator", label: t.reader.fields.indicator, children: cur.indicator ?? t.common.none },
          { key: "value", label: t.reader.fields.value, children: formatComparedValue(cur) },
          { key: "unit", label: t.reader.fields.unit, children: cur.unit },
          { key: "comparator", label: t.reader.fields.comparator, children: t.comparators[cur.comparator] },
          { key: "period", label: t.reader.fields.period, children: formatPeriod(cur.period) },
          { key: "kind", label: t.reader.fields.kind, children: t.kinds[cur.kind] },
          { key: "section", label: t.reader.fields.section, children: sectionHeading ?? t.common.none },
          { key: "quote", label: t.reader.fields.quote, children: fact.quote },
        ]}
      />
      <Table<Row>
        className="fact-compare"
        data-testid="fact-compare"
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        rowClassName={(r) => (r.changed ? "row-changed" : "")}
        columns={[
          { title: t.reader.field, dataIndex: "field", width: 72 },
          { title: t.reader.original, dataIndex: "original" },
          {
            title: t.reader.current,
            dataIndex: "current",
            render: (v: string, r) => (r.changed ? <strong>{v} ＊</strong> : v),
          },
        ]}
      />
      {fact.corrections.length > 0 && (
        <List
          size="small"
          header={<strong>{t.reader.history}</strong>}
          dataSource={[...fact.corrections].reverse()}
          rowKey="id"
          renderItem={(c) => (
            <List.Item>
              <div>
                <Typography.Text>{c.reason}</Typography.Text>
                <div className="muted">
                  {t.reader.by(c.authorName ?? t.common.none)} · {formatDateTime(c.createdAt)}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
      {canCorrect &&
        (editing ? (
          <CorrectionForm
            key={`${fact.id}-${fact.version}`}
            fact={fact}
            onDone={() => setEditing(false)}
            onCancel={() => setEditing(false)}
            onRefresh={onRefresh}
          />
        ) : (
          <Button type="primary" className="correct-button" onClick={() => setEditing(true)}>
            {t.correction.open}
          </Button>
        ))}
    </Card>
  );
}
