import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Card, Result, Space, Spin, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import type { DepartmentScore, ScoreLine } from "../../../../src/contract/api/scoring.js";
import { errorMessage, scoringApi } from "../../api.js";
import { useMe } from "../../auth.js";
import { formatDate } from "../../format.js";
import { t } from "../../messages.js";
import {
  currentPeriod,
  PeriodSelect,
  periodLabel,
  RegionSelect,
  useRegionChoices,
} from "../../scoring/pickers.js";
import { RubricForm } from "../../scoring/RubricForm.js";
import "../../work.css";
import "../../scoring/scoring.css";

const s = () => t.scoring;
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function Lines({ d }: { d: DepartmentScore }) {
  if (d.lines.length === 0) return <span className="muted">{s().noLines}</span>;
  return (
    <Table<ScoreLine>
      size="small"
      pagination={false}
      rowKey={(l, i) => `${l.assignmentId}-${l.rule}-${i}`}
      dataSource={d.lines}
      aria-label={s().linesOf(d.department.name)}
      data-testid="score-lines"
      columns={[
        {
          title: s().columns.task,
          render: (_x, l) => (
            <Link to={`/assignments/${encodeURIComponent(l.assignmentId)}`} className="task-text">
              {l.taskText}
            </Link>
          ),
        },
        {
          title: s().columns.rule,
          width: 150,
          render: (_x, l) => (
            <Space size={4} wrap>
              <span>{s().rules[l.rule] ?? l.rule}</span>
              {l.asCoDepartment && <Tag>{s().coDepartment}</Tag>}
            </Space>
          ),
        },
        {
          title: s().columns.points,
          width: 80,
          align: "right",
          render: (_x, l) => (
            <span className={l.points < 0 ? "points-minus" : "points-plus"}>{signed(l.points)}</span>
          ),
        },
        { title: s().columns.detail, dataIndex: "detail" },
      ]}
    />
  );
}

/**
 * 考评 (/scoring): department rankings of a region for a period, each expanding to the lines behind its score
 * (every line names its task), and the region's rubric for the year — editable by admins and the region's
 * supervisors, each save a new version.
 */
export function ScoringPage() {
  const me = useMe().data?.user;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const choices = useRegionChoices();
  const [picked, setPicked] = useState<string | null>(null);
  const regionId = picked ?? choices.defaultId;
  const [period, setPeriod] = useState(currentPeriod);
  const year = Number(period.slice(0, 4));
  const allowed = me?.role === "admin" || me?.role === "supervisor" || me?.role === "viewer";

  const scores = useQuery({
    queryKey: ["scores", regionId, period],
    queryFn: () => scoringApi.scores(regionId as string, period),
    enabled: allowed && regionId !== null,
  });
  const rubric = useQuery({
    queryKey: ["rubric", regionId, year],
    queryFn: () => scoringApi.rubric(regionId as string, year),
    enabled: allowed && regionId !== null,
  });
  const save = useMutation({
    mutationFn: (r: Parameters<typeof scoringApi.setRubric>[0]["rubric"]) =>
      scoringApi.setRubric({ regionId, year, version: rubric.data?.version ?? 0, rubric: r }),
    onSuccess: (data) => {
      qc.setQueryData(["rubric", regionId, year], data);
      void qc.invalidateQueries({ queryKey: ["scores", regionId] });
      void message.success(s().rubricSaved);
    },
  });

  if (me && !allowed) return <Result status="403" title={s().forbidden} />;
  const source = rubric.data
    ? rubric.data.source === "region"
      ? s().rubricSource.region(rubric.data.version)
      : s().rubricSource[rubric.data.source]
    : "";
  return (
    <Space direction="vertical" size="middle" className="page" data-testid="scoring-page">
      <Typography.Title level={1} className="page-title">
        {s().title}
      </Typography.Title>
      <Space wrap size="large">
        <RegionSelect id="scoring-region" value={regionId} onChange={setPicked} />
        <PeriodSelect idPrefix="scoring-period" value={period} onChange={setPeriod} />
      </Space>
      <Card
        size="small"
        title={
          <h2 className="card-title">
            {s().rankings} · {periodLabel(period)}
          </h2>
        }
        extra={scores.data ? <span className="muted">{s().asOf(formatDate(scores.data.asOf))}</span> : null}
      >
        {scores.isError && <Alert type="error" showIcon message={errorMessage(scores.error)} />}
        {scores.isPending && scores.fetchStatus !== "idle" && <Spin />}
        {scores.data && (
          <Table<DepartmentScore>
            size="small"
            rowKey={(d) => d.department.id}
            pagination={false}
            dataSource={scores.data.departments}
            data-testid="rankings"
            locale={{ emptyText: <span className="muted">{s().noDepartments}</span> }}
            expandable={{ expandedRowRender: (d) => <Lines d={d} /> }}
            columns={[
              { title: s().columns.rank, dataIndex: "rank", width: 70 },
              { title: s().columns.department, render: (_x, d) => d.department.name },
              { title: s().columns.assigned, dataIndex: "assigned", width: 80, align: "right" },
              { title: s().columns.closed, dataIndex: "closed", width: 80, align: "right" },
              { title: s().columns.overdue, dataIndex: "overdue", width: 80, align: "right" },
              {
                title: s().columns.score,
                dataIndex: "score",
                width: 90,
                align: "right",
                render: (n: number) => <strong>{n}</strong>,
              },
            ]}
          />
        )}
      </Card>
      <Card
        size="small"
        title={
          <h2 className="card-title">
            {s().rubric} · {year}
          </h2>
        }
        extra={<span className="muted">{source}</span>}
      >
        {rubric.isError && <Alert type="error" showIcon message={errorMessage(rubric.error)} />}
        {rubric.data && (
          <Space direction="vertical" style={{ width: "100%" }}>
            {me?.role === "viewer" && <span className="muted">{s().rubricReadOnly}</span>}
            <RubricForm
              initial={rubric.data.rubric}
              readOnly={me?.role === "viewer"}
              pending={save.isPending}
              error={save.error}
              onSubmit={(r) => save.mutate(r)}
            />
          </Space>
        )}
      </Card>
    </Space>
  );
}
