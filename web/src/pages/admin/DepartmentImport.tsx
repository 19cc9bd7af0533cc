import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Space, Table, Tag } from "antd";
import type {
  DepartmentImportAction,
  DepartmentImportError,
  DepartmentImportResult,
  DepartmentImportRow,
} from "../../../../src/contract/api/departments.js";
import { adminApi } from "../../api.js";
import { locale, t } from "../../messages.js";
import { useXlsxImport, XlsxImportPanel } from "../../XlsxImport.js";
import { DEPARTMENTS_KEY } from "./data.js";

const m = () => t.admin.departments;
const ACTION_COLOR: Record<DepartmentImportAction, string> = {
  // Solid dark fills: AntD's light preset greens fail WCAG contrast.
  create: "#237804",
  update: "#0958d9",
  unchanged: "default",
};

/**
 * 导入部门名单: choosing a file previews it (dry run: what would be created or updated, and every row error);
 * 确认导入 applies the same file, all rows or none.
 */
export function DepartmentImport({ regionId }: { regionId: string | undefined }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const importer = useXlsxImport({
    preview: (f: File) => adminApi.importDepartments(f, { regionId, dryRun: true }),
    apply: (f: File) => adminApi.importDepartments(f, { regionId, dryRun: false }),
    onApplied: (res) => {
      void message.success(m().applied(res.counts.create, res.counts.update));
      void qc.invalidateQueries({ queryKey: DEPARTMENTS_KEY });
      importer.clear();
    },
  });
  const result: DepartmentImportResult | undefined = importer.result;
  const changes = result ? result.counts.create + result.counts.update : 0;

  return (
    <Card
      size="small"
      title={<h2 className="card-title">{m().importTitle}</h2>}
      data-testid="department-import"
    >
      <XlsxImportPanel
        importer={importer}
        hint={<p className="muted">{m().importHint}</p>}
        chooseLabel={m().chooseFile}
        previewingLabel={m().previewing}
      >
        {(result) =>
          result.errors.length > 0 ? (
            <>
              <Alert type="error" showIcon role="alert" message={m().errorsTitle(result.errors.length)} />
              <Table<DepartmentImportError>
                size="small"
                rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                pagination={false}
                dataSource={result.errors}
                data-testid="import-errors"
                columns={[
                  { title: m().row, dataIndex: "row", width: 80 },
                  { title: m().column, dataIndex: "column", width: 120 },
                  {
                    title: m().message,
                    key: "message",
                    render: (_v, e) => (locale === "en-US" ? e.message : e.messageZh),
                  },
                ]}
              />
            </>
          ) : (
            <>
              <Alert
                type={changes > 0 ? "info" : "success"}
                showIcon
                message={
                  changes > 0
                    ? m().summary(result.counts.create, result.counts.update, result.counts.unchanged)
                    : m().nothingToDo
                }
              />
              <Table<DepartmentImportRow>
                size="small"
                rowKey="row"
                pagination={false}
                dataSource={result.rows}
                data-testid="import-preview"
                columns={[
                  { title: m().row, dataIndex: "row", width: 80 },
                  {
                    title: m().action,
                    dataIndex: "action",
                    width: 100,
                    render: (a: DepartmentImportAction) => (
                      <Tag color={ACTION_COLOR[a]}>{m().actionNames[a]}</Tag>
                    ),
                  },
                  { title: m().region, dataIndex: "regionName" },
                  { title: m().name, dataIndex: "name" },
                  {
                    title: m().shortName,
                    key: "shortName",
                    render: (_v, r) => (
                      <Space size="small">
                        <span>{r.shortName ?? t.common.none}</span>
                        {r.action === "update" && (
                          <span className="muted">
                            {m().previousShortName(r.previousShortName ?? t.common.none)}
                          </span>
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
              {changes > 0 && (
                <Button
                  type="primary"
                  loading={importer.applying.isPending}
                  onClick={() => importer.applying.mutate()}
                >
                  {m().apply}
                </Button>
              )}
            </>
          )
        }
      </XlsxImportPanel>
    </Card>
  );
}
