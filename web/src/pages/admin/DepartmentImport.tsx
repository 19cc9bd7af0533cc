import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Space, Table, Tag, Upload } from "antd";
import { useState } from "react";
import type {
  DepartmentImportAction,
  DepartmentImportError,
  DepartmentImportResult,
  DepartmentImportRow,
} from "../../../../src/contract/api/departments.js";
import { adminApi, errorMessage } from "../../api.js";
import { locale, t } from "../../messages.js";
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
  const [file, setFile] = useState<File | null>(null);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const preview = useMutation({
    mutationFn: (f: File) => adminApi.importDepartments(f, { regionId, dryRun: true }),
  });
  const apply = useMutation({
    mutationFn: (f: File) => adminApi.importDepartments(f, { regionId, dryRun: false }),
    onSuccess: (res) => {
      void message.success(m().applied(res.counts.create, res.counts.update));
      void qc.invalidateQueries({ queryKey: DEPARTMENTS_KEY });
      setFile(null);
      preview.reset();
    },
  });
  const result: DepartmentImportResult | undefined = preview.data;
  const changes = result ? result.counts.create + result.counts.update : 0;

  return (
    <Card
      size="small"
      title={<h2 className="card-title">{m().importTitle}</h2>}
      data-testid="department-import"
    >
      <Space direction="vertical" className="page">
        <p className="muted">{m().importHint}</p>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            setFile(f);
            apply.reset();
            preview.mutate(f);
            // The file goes up through the import API, not Upload's own request.
            return false;
          }}
        >
          <Button loading={preview.isPending}>{preview.isPending ? m().previewing : m().chooseFile}</Button>
        </Upload>
        {file && <span data-testid="import-file">{file.name}</span>}
        {preview.isError && (
          <Alert type="error" showIcon role="alert" message={errorMessage(preview.error)} />
        )}
        {apply.isError && <Alert type="error" showIcon role="alert" message={errorMessage(apply.error)} />}
        {result && result.errors.length > 0 && (
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
        )}
        {result && result.errors.length === 0 && (
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
            {changes > 0 && file && (
              <Button type="primary" loading={apply.isPending} onClick={() => apply.mutate(file)}>
                {m().apply}
              </Button>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
