import { Alert, App, Button, Modal, Space, Table, Tag, Typography } from "antd";
import type {
  AssignmentFields,
  ImportChange,
  ImportResult,
} from "../../../src/contract/api/decomposition.js";
import { workApi } from "../api.js";
import { TAG_STYLE } from "../assignments/StatusTag.js";
import { formatDeadline } from "../format.js";
import { t } from "../messages.js";
import { useXlsxImport, XlsxImportPanel } from "../XlsxImport.js";

const m = () => t.decompose.importer;

function describe(f: AssignmentFields | null, field: ImportChange["fields"][number]): string {
  if (!f) return m().nobody;
  if (field === "leadDepartment") return f.leadDepartment.name;
  if (field === "coDepartments")
    return f.coDepartments.length > 0 ? f.coDepartments.map((d) => d.name).join("、") : m().nobody;
  return f.deadline ? formatDeadline(f.deadline) : m().noDeadline;
}

function Changes({ changes }: { changes: ImportChange[] }) {
  return (
    <Table<ImportChange>
      size="small"
      rowKey="taskId"
      pagination={changes.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      dataSource={changes}
      data-testid="import-changes"
      columns={[
        { title: m().columns.row, dataIndex: "row", width: 60 },
        { title: m().columns.task, dataIndex: "taskText", ellipsis: true },
        {
          title: m().columns.change,
          render: (_v, c) => (
            <Space direction="vertical" size={2}>
              <Tag style={TAG_STYLE[c.kind === "create" ? "done" : "assigned"]}>{m().kinds[c.kind]}</Tag>
              {c.fields.map((f) => (
                <span key={f}>
                  {m().fields[f]}：{c.kind === "update" && <>{describe(c.before, f)} → </>}
                  <strong>{describe(c.after, f)}</strong>
                </span>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

function Errors({ result }: { result: ImportResult }) {
  return (
    <Table
      size="small"
      rowKey={(e) => `${e.row}-${e.column}-${e.value}`}
      pagination={false}
      dataSource={result.errors}
      data-testid="import-errors"
      columns={[
        { title: m().columns.row, dataIndex: "row", width: 60 },
        { title: m().columns.column, dataIndex: "column", width: 100 },
        { title: m().columns.value, dataIndex: "value", width: 140 },
        { title: m().columns.message, dataIndex: "messageZh" },
      ]}
    />
  );
}

/** 导入分解表: choose the edited file, see what would change and what is wrong, then apply it all at once. */
export function ImportDialog({
  reportId,
  onDone,
  onCancel,
}: {
  reportId: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { message } = App.useApp();
  const importer = useXlsxImport({
    preview: (f: File) => workApi.importDecomposition(reportId, f, { dryRun: true }),
    apply: (f: File, previewed: ImportResult) =>
      workApi.importDecomposition(reportId, f, { dryRun: false, expect: previewed.fingerprint }),
    onApplied: (r) => {
      const created = r.changes.filter((c) => c.kind === "create").length;
      void message.success(m().applied(created, r.changes.length - created));
      onDone();
    },
  });
  const result = importer.result;
  const canApply = !!result && result.errors.length === 0 && result.changes.length > 0;
  const created = result?.changes.filter((c) => c.kind === "create").length ?? 0;

  return (
    <Modal
      open
      title={m().title}
      onCancel={onCancel}
      width={860}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onCancel}>{t.common.cancel}</Button>
          <Button
            type="primary"
            disabled={!canApply}
            loading={importer.applying.isPending}
            onClick={() => importer.applying.mutate()}
          >
            {m().apply}
          </Button>
        </Space>
      }
    >
      <XlsxImportPanel
        importer={importer}
        size="middle"
        hint={<Typography.Paragraph className="muted">{m().hint}</Typography.Paragraph>}
        chooseLabel={m().choose}
        previewingLabel={m().previewing}
      >
        {(r) => (
          <section aria-live="polite" data-testid="import-preview">
            {r.errors.length > 0 ? (
              <Space direction="vertical" className="page">
                <Alert type="error" showIcon message={m().errorsTitle(r.errors.length)} />
                <Errors result={r} />
              </Space>
            ) : r.changes.length === 0 ? (
              <Alert type="info" showIcon message={m().nothing} />
            ) : (
              <Alert
                type="success"
                showIcon
                message={m().summary(created, r.changes.length - created, r.unchanged)}
              />
            )}
            {r.changes.length > 0 && (
              <>
                <h3 className="card-subtitle-plain">{m().changesTitle}</h3>
                <Changes changes={r.changes} />
              </>
            )}
          </section>
        )}
      </XlsxImportPanel>
    </Modal>
  );
}
