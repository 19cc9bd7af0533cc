import { Col, Row, Statistic, Table } from "antd";
import type { BulletinModel } from "../../../src/contract/api/documents.js";
import { formatDate, formatDeadline } from "../format.js";
import { t } from "../messages.js";
import "./scoring.css";

const b = () => t.bulletin;
type Dept = BulletinModel["departments"][number];
type Overdue = BulletinModel["overdue"][number];

/**
 * The 通报 as the .docx says it, drawn from the same model. Every string is rendered as text by React (no
 * HTML is ever injected), so a task or department name cannot add markup to the page.
 */
export function BulletinPreview({ model }: { model: BulletinModel }) {
  const s = model.summary;
  const { closedEarly, bestRanked } = model.highlights;
  return (
    <article className="bulletin-doc" data-testid="bulletin-preview" aria-labelledby="bulletin-title">
      <h3 className="bulletin-title" id="bulletin-title">
        {model.title}
      </h3>
      <div className="bulletin-asof">（{b().asOf(formatDate(model.asOf))}）</div>
      <h4>{b().sections.overall}</h4>
      <Row gutter={16} className="bulletin-figures">
        <Col span={4}>
          <Statistic title={b().summary.tasks} value={s.tasks} />
        </Col>
        <Col span={4}>
          <Statistic title={b().summary.closed} value={s.closed} />
        </Col>
        <Col span={4}>
          <Statistic title={b().summary.onSchedule} value={s.onSchedule} />
        </Col>
        <Col span={4}>
          <Statistic title={b().summary.behind} value={s.behind} />
        </Col>
        <Col span={4}>
          <Statistic title={b().summary.overdue} value={s.overdue} />
        </Col>
        <Col span={4}>
          <Statistic title={b().summary.closedRate} value={s.closedRate} suffix="%" />
        </Col>
      </Row>
      <p data-testid="bulletin-lead">{model.lead}</p>
      <h4>{b().sections.departments}</h4>
      {model.departments.length === 0 ? (
        <p>{b().noDepartments}</p>
      ) : (
        <Table<Dept>
          size="small"
          bordered
          pagination={false}
          rowKey="departmentId"
          dataSource={model.departments}
          data-testid="bulletin-departments"
          columns={[
            { title: b().columns.rank, dataIndex: "rank", width: 70, align: "center" },
            { title: b().columns.department, dataIndex: "name" },
            { title: b().columns.assigned, dataIndex: "assigned", width: 90, align: "center" },
            { title: b().columns.closed, dataIndex: "closed", width: 90, align: "center" },
            { title: b().columns.overdue, dataIndex: "overdue", width: 80, align: "center" },
            { title: b().columns.score, dataIndex: "score", width: 100, align: "center" },
          ]}
        />
      )}
      <h4>{b().sections.overdue}</h4>
      {model.overdue.length === 0 ? (
        <p>{b().noOverdue}</p>
      ) : (
        <Table<Overdue>
          size="small"
          bordered
          pagination={false}
          rowKey="assignmentId"
          dataSource={model.overdue}
          data-testid="bulletin-overdue"
          columns={[
            { title: b().columns.no, width: 60, align: "center", render: (_x, _o, i) => i + 1 },
            { title: b().columns.task, dataIndex: "taskText" },
            { title: b().columns.lead, dataIndex: "leadDepartment", width: 180 },
            {
              title: b().columns.deadline,
              dataIndex: "deadline",
              width: 150,
              render: (d: string) => formatDeadline(d),
            },
            { title: b().columns.daysOverdue, dataIndex: "daysOverdue", width: 90, align: "center" },
          ]}
        />
      )}
      <h4>{b().sections.highlights}</h4>
      {bestRanked.length > 0 && (
        <p>
          {b().bestRanked}
          {bestRanked.map((x) => b().ranked(x.name, x.rank, String(x.score))).join("、")}
        </p>
      )}
      {closedEarly.map((c) => (
        <p key={`${c.taskText}-${c.closedOn}`}>
          {b().closedEarly(c.leadDepartment, c.daysEarly, c.taskText, formatDate(c.closedOn))}
        </p>
      ))}
      {bestRanked.length === 0 && closedEarly.length === 0 && <p>{b().noHighlights}</p>}
      <p className="bulletin-sign">{model.issuer}</p>
      <p className="bulletin-sign">{formatDate(model.issuedOn)}</p>
    </article>
  );
}
