import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Card, Descriptions, Result, Select, Space, Spin, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import type { RulesRow, SupervisionRules } from "../../../../src/contract/api/supervision.js";
import { cycleApi, errorMessage, ledgerApi } from "../../api.js";
import { useMe } from "../../auth.js";
import { formatDate } from "../../format.js";
import { t } from "../../messages.js";
import { CalendarSettings } from "./CalendarSettings.js";
import { RulesForm } from "./RulesForm.js";
import "../../work.css";

const r = () => t.rulesPage;
const NATIONWIDE = "__nationwide__";

function RulesSummary({ rules }: { rules: SupervisionRules }) {
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="rules-effective">
      <Descriptions.Item label={r().fields.blueDays}>{r().days(rules.blueDays)}</Descriptions.Item>
      <Descriptions.Item label={r().fields.tolerance}>{r().points(rules.tolerance)}</Descriptions.Item>
      <Descriptions.Item label={r().fields.ackWorkingDays}>
        {r().workingDays(rules.ackWorkingDays)}
      </Descriptions.Item>
      <Descriptions.Item label={r().fields.reportCycle}>
        {t.cycle.reportCycle[rules.reportCycle]}
      </Descriptions.Item>
      <Descriptions.Item label={r().fields.reportDay}>{r().dayOfMonth(rules.reportDay)}</Descriptions.Item>
      <Descriptions.Item label={r().fields.remindBeforeDays}>
        {rules.remindBeforeDays.join("、")}
      </Descriptions.Item>
      <Descriptions.Item label={r().fields.escalateAfterDays}>
        {r().days(rules.escalateAfterDays)}
      </Descriptions.Item>
      <Descriptions.Item label={r().fields.redListAfterDays}>
        {r().days(rules.redListAfterDays)}
      </Descriptions.Item>
      <Descriptions.Item label={`${r().fields.quietStart} — ${r().fields.quietEnd}`}>
        {rules.quietHours.start} — {rules.quietHours.end}
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * 督办规则 (/settings/rules): the status rules of a region — those in force, every version it has or inherits —
 * and a form for a new version from a day on; admins also keep the working-day calendar here.
 */
export function RulesSettingsPage() {
  const me = useMe().data?.user;
  const isAdmin = me?.role === "admin";
  const qc = useQueryClient();
  const { message } = App.useApp();
  const regions = useQuery({ queryKey: ["regions"], queryFn: ledgerApi.regions });
  const [choice, setChoice] = useState<string | null>(null);
  const regionId = choice === NATIONWIDE ? null : (choice ?? (isAdmin ? null : (me?.regionId ?? null)));

  // Supervisors choose among their region and those below it; admins among all, nationwide first.
  const options = useMemo(() => {
    const items = regions.data?.items ?? [];
    const below = new Set<string>();
    if (!isAdmin && me?.regionId) {
      below.add(me.regionId);
      for (let grew = true; grew; ) {
        grew = false;
        for (const x of items)
          if (x.parentId && below.has(x.parentId) && !below.has(x.id)) {
            below.add(x.id);
            grew = true;
          }
      }
    }
    const mine = isAdmin || !me?.regionId ? items : items.filter((x) => below.has(x.id));
    return [
      ...(isAdmin || !me?.regionId ? [{ value: NATIONWIDE, label: r().nationwide }] : []),
      ...mine.map((x) => ({ value: x.id, label: x.name })),
    ];
  }, [regions.data, isAdmin, me?.regionId]);

  const view = useQuery({
    queryKey: ["rules", regionId],
    queryFn: () => cycleApi.rules(regionId),
    enabled: me !== undefined && (me.role === "admin" || me.role === "supervisor"),
  });
  const save = useMutation({
    mutationFn: (v: { effectiveFrom: string; rules: SupervisionRules }) =>
      cycleApi.setRules({ regionId, ...v }),
    onSuccess: (data) => {
      qc.setQueryData(["rules", regionId], data);
      void message.success(r().saved);
    },
  });

  if (me && me.role !== "admin" && me.role !== "supervisor")
    return <Result status="403" title={t.admin.forbidden} />;
  const v = view.data;
  const source = v?.rows.find((x) => x.id === v.effectiveRowId);
  return (
    <Space direction="vertical" size="middle" className="page" data-testid="rules-page">
      <Typography.Title level={1} className="page-title">
        {r().title}
      </Typography.Title>
      <Space>
        <label htmlFor="rules-region">{r().region}</label>
        <Select
          id="rules-region"
          style={{ minWidth: 240 }}
          showSearch
          optionFilterProp="label"
          loading={regions.isPending}
          value={regionId ?? NATIONWIDE}
          onChange={(x: string) => setChoice(x)}
          options={options}
        />
      </Space>
      {view.isError && <Alert type="error" showIcon message={errorMessage(view.error)} />}
      {view.isPending && view.fetchStatus !== "idle" && <Spin />}
      {v && (
        <>
          <Card size="small" title={<h2 className="card-title">{r().effective}</h2>}>
            <Space direction="vertical" style={{ width: "100%" }}>
              <span className="muted">
                {source
                  ? `${source.regionId !== regionId ? `${r().inherited(source.regionName ?? r().nationwide)} · ` : ""}${r().effectiveFrom}：${formatDate(source.effectiveFrom)}`
                  : r().builtIn}
              </span>
              <RulesSummary rules={v.effective} />
            </Space>
          </Card>
          <Card size="small" title={<h2 className="card-title">{r().versions}</h2>}>
            <Table<RulesRow>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={v.rows}
              locale={{ emptyText: <span className="muted">{r().noVersions}</span> }}
              columns={[
                { title: r().region, render: (_x, row) => row.regionName ?? r().nationwide },
                {
                  title: r().effectiveFrom,
                  dataIndex: "effectiveFrom",
                  render: (d: string) => formatDate(d),
                },
                { title: r().fields.blueDays, render: (_x, row) => row.rules.blueDays },
                { title: r().fields.tolerance, render: (_x, row) => row.rules.tolerance },
                { title: r().fields.ackWorkingDays, render: (_x, row) => row.rules.ackWorkingDays },
                {
                  title: r().fields.reportCycle,
                  render: (_x, row) => t.cycle.reportCycle[row.rules.reportCycle],
                },
              ]}
            />
          </Card>
          <Card size="small" title={<h2 className="card-title">{r().add}</h2>}>
            {v.canEdit ? (
              <RulesForm
                initial={v.effective}
                pending={save.isPending}
                error={save.error}
                onSubmit={(effectiveFrom, rules) => save.mutate({ effectiveFrom, rules })}
              />
            ) : (
              <Typography.Text type="secondary">{r().readOnly}</Typography.Text>
            )}
          </Card>
        </>
      )}
      {isAdmin && <CalendarSettings />}
    </Space>
  );
}
